package io.tdflink.testutils;

import io.tdflink.tmq.ReferenceDeserializer;

import java.sql.Timestamp;

/**
 * The official CDC examples' bean for {@link CdcJobs#METERS_TOPIC}: private fields with
 * setters, filled by {@link ResultDeserializer} (a {@link ReferenceDeserializer} subclass named
 * in {@code value.deserializer}); getters so Flink treats it as a POJO.
 */
public class ResultBean {
    private Timestamp ts;
    private float current;
    private int voltage;
    private float phase;
    private String location;
    private int groupid;
    private String tbname;

    /** What {@code value.deserializer} names to get beans. */
    public static class ResultDeserializer extends ReferenceDeserializer<ResultBean> {}

    public Timestamp getTs() {
        return ts;
    }

    public void setTs(Timestamp ts) {
        this.ts = ts;
    }

    public float getCurrent() {
        return current;
    }

    public void setCurrent(float current) {
        this.current = current;
    }

    public int getVoltage() {
        return voltage;
    }

    public void setVoltage(int voltage) {
        this.voltage = voltage;
    }

    public float getPhase() {
        return phase;
    }

    public void setPhase(float phase) {
        this.phase = phase;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public int getGroupid() {
        return groupid;
    }

    public void setGroupid(int groupid) {
        this.groupid = groupid;
    }

    public String getTbname() {
        return tbname;
    }

    public void setTbname(String tbname) {
        this.tbname = tbname;
    }

    /** The row in {@link Sql#rows}' form of {@link CdcJobs#METERS_QUERY}, as {@link CdcJobs#meterLine} gives it for RowData. */
    @Override
    public String toString() {
        return ts + " " + current + " " + voltage + " " + phase + " " + location + " " + groupid + " " + tbname;
    }
}

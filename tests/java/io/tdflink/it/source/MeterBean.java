package io.tdflink.it.source;

import java.sql.Timestamp;

/** The user type of the seed's custom-deserializer example: a POJO, one field per column. */
public class MeterBean {
    public Timestamp ts;
    public float current;
    public int voltage;
    public float phase;
    public String location;
    public int groupid;
    public String tbname;
}

package io.tdflink.clusterjobs;

import io.tdflink.common.TDengineConfigParams;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** The {@code meters} row shape the cluster jobs move, and the sink properties that write it. */
final class Meters {
    /** Columns, tags and tbname, in the order of the rows the jobs build and read. */
    static final List<String> FIELDS =
            Arrays.asList("ts", "current", "voltage", "phase", "location", "groupid", "tbname");

    static final String SELECT = "select ts, `current`, voltage, phase, location, groupid, tbname from ";

    private Meters() {}

    /** Writes RowData into supertable {@code stable} of the URL's database, in batches of {@code batchSize}. */
    static Properties sink(String url, String stable, String batchSize) {
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, url);
        props.setProperty(TDengineConfigParams.TD_SUPERTABLE_NAME, stable);
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        props.setProperty(TDengineConfigParams.TD_BATCH_SIZE, batchSize);
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_ENABLE_AUTO_RECONNECT, "true");
        return props;
    }
}

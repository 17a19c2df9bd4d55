package io.tdflink.it.source;

import io.tdflink.source.entity.SplitResultRecord;
import io.tdflink.source.serializable.TDengineRecordDeserialization;

import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * Written as users write them for the official connector: columns matched by name, values cast
 * to the JDBC driver's types (VARCHAR and tbname arrive as byte[]).
 */
public class MeterBeanDeserialization implements TDengineRecordDeserialization<MeterBean> {
    @Override
    public MeterBean convert(SplitResultRecord record) throws SQLException {
        MeterBean bean = new MeterBean();
        ResultSetMetaData metaData = record.getMetaData();
        List<Object> values = record.getSourceRecordList();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            Object value = values.get(i - 1);
            switch (metaData.getColumnName(i)) {
                case "ts":
                    bean.ts = (Timestamp) value;
                    break;
                case "current":
                    bean.current = (Float) value;
                    break;
                case "voltage":
                    bean.voltage = (Integer) value;
                    break;
                case "phase":
                    bean.phase = (Float) value;
                    break;
                case "location":
                    bean.location = new String((byte[]) value);
                    break;
                case "groupid":
                    bean.groupid = (Integer) value;
                    break;
                case "tbname":
                    bean.tbname = new String((byte[]) value);
                    break;
                default:
                    throw new SQLException("unexpected column " + metaData.getColumnName(i));
            }
        }
        return bean;
    }

    @Override
    public TypeInformation<MeterBean> getProducedType() {
        return TypeInformation.of(MeterBean.class);
    }
}

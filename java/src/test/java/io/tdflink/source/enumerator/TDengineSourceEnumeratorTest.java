package io.tdflink.source.enumerator;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.split.TDengineSplit;
import io.tdflink.source.split.TDengineSplitSerializer;

import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Assignment on request, splits returned by a failed reader handed out again, and restore from
 * a checkpoint (the official connector fails at each of these; docs/source.md, "Splits").
 */
class TDengineSourceEnumeratorTest {
    private static final TDengineSplit A =
            new TDengineSplit("split-0", "select * from (select * from m) where ts >= 0 and ts < 10");
    private static final TDengineSplit B =
            new TDengineSplit("split-1", "select * from (select * from m) where ts >= 10 and ts < 20");

    @Test
    void restoredEnumeratorHandsOutReturnedSplitsAgainThenSignalsTheEnd() throws Exception {
        TestingSplitEnumeratorContext<TDengineSplit> context = new TestingSplitEnumeratorContext<>(2);
        context.registerReader(0, "host");
        context.registerReader(1, "host");
        TDengineSourceEnumState checkpoint = roundTrip(new TDengineSourceEnumState(true, List.of(A, B)));
        TDengineSourceEnumerator enumerator = new TDengineSourceEnumerator(
                context, connection(), SplitPlanner.planOf(new SourceSplitSql("select * from m")), checkpoint);
        enumerator.start();
        context.triggerAllActions();

        enumerator.handleSplitRequest(0, "host");
        assertEquals(List.of(A), context.getSplitAssignments().get(0).getAssignedSplits());
        enumerator.addSplitsBack(List.of(A), 0); // reader 0 failed before finishing A
        enumerator.handleSplitRequest(1, "host");
        enumerator.handleSplitRequest(1, "host");
        assertEquals(List.of(A, B), context.getSplitAssignments().get(1).getAssignedSplits());
        assertFalse(context.getSplitAssignments().get(1).hasReceivedNoMoreSplitsSignal());
        enumerator.handleSplitRequest(1, "host");
        assertTrue(context.getSplitAssignments().get(1).hasReceivedNoMoreSplitsSignal());
        assertEquals(List.of(), enumerator.snapshotState(1).unassigned());
    }

    @Test
    void snapshotKeepsTheQueueInOrderWithLongSql() throws Exception {
        TDengineSplit huge = new TDengineSplit("split-2", "select * from m where v in (" + "1,".repeat(40_000) + "1)");
        TDengineSourceEnumState state = roundTrip(new TDengineSourceEnumState(true, List.of(B, huge, A)));
        assertTrue(state.isPlanned());
        assertEquals(List.of(B, huge, A), state.unassigned(), "SQL longer than 64 KiB survives");
        assertEquals(
                huge,
                TDengineSplitSerializer.INSTANCE.deserialize(
                        TDengineSplitSerializer.INSTANCE.getVersion(),
                        TDengineSplitSerializer.INSTANCE.serialize(huge)));
        assertFalse(roundTrip(TDengineSourceEnumState.initial()).isPlanned());
    }

    private static TDengineSourceEnumState roundTrip(TDengineSourceEnumState state) throws Exception {
        TDengineSourceEnumStateSerializer serializer = new TDengineSourceEnumStateSerializer();
        return serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
    }

    private static ConnectionProperties connection() {
        Properties props = new Properties();
        props.setProperty(
                TDengineConfigParams.TD_JDBC_URL, "jdbc:TAOS-WS://127.0.0.1:1/db?user=root&password=taosdata");
        return ConnectionProperties.from(props);
    }
}

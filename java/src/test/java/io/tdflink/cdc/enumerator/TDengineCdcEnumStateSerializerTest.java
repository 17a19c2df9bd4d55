package io.tdflink.cdc.enumerator;

import io.tdflink.cdc.split.TDengineCdcSplit;
import io.tdflink.cdc.split.TDengineCdcSplitSerializerTest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The enumerator's split count and unassigned splits survive a checkpoint unchanged. */
class TDengineCdcEnumStateSerializerTest {
    private final TDengineCdcEnumStateSerializer serializer = new TDengineCdcEnumStateSerializer();

    @Test
    void countAndUnassignedSplitsRoundTrip() throws IOException {
        List<TDengineCdcSplit> unassigned = List.of(
                new TDengineCdcSplit("topic_meters", "g", "clientId_1", 1, Map.of(2, 17L, 4, 5_000_000_000L)),
                new TDengineCdcSplit("topic_meters", "g", "clientId_4", 4, Collections.emptyMap()));
        TDengineCdcEnumState back = roundTrip(new TDengineCdcEnumState(5, unassigned));
        assertEquals(5, back.splitCount());
        assertEquals(2, back.unassigned().size());
        for (int i = 0; i < unassigned.size(); i++) {
            TDengineCdcSplitSerializerTest.assertSameSplit(
                    unassigned.get(i), back.unassigned().get(i));
        }
    }

    @Test
    void theInitialState() throws IOException {
        TDengineCdcEnumState back = roundTrip(TDengineCdcEnumState.initial());
        assertEquals(0, back.splitCount());
        assertEquals(Collections.emptyList(), back.unassigned());
    }

    @Test
    void anUnknownVersionIsRefused() throws IOException {
        byte[] bytes = serializer.serialize(TDengineCdcEnumState.initial());
        assertThrows(IOException.class, () -> serializer.deserialize(serializer.getVersion() + 1, bytes));
    }

    private TDengineCdcEnumState roundTrip(TDengineCdcEnumState state) throws IOException {
        return serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
    }
}

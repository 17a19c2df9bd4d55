package io.tdflink.cdc.split;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A split's consumer seat and positions survive a checkpoint unchanged. */
public class TDengineCdcSplitSerializerTest {
    private static final TDengineCdcSplitSerializer SERIALIZER = TDengineCdcSplitSerializer.INSTANCE;

    /** Every field of the split, positions included: what a restore must get back. */
    public static void assertSameSplit(TDengineCdcSplit expected, TDengineCdcSplit actual) {
        assertEquals(expected.splitId(), actual.splitId());
        assertEquals(expected.topic(), actual.topic());
        assertEquals(expected.groupId(), actual.groupId());
        assertEquals(expected.clientId(), actual.clientId());
        assertEquals(expected.index(), actual.index());
        assertEquals(expected.positions(), actual.positions());
    }

    @Test
    void positionsRoundTrip() throws IOException {
        // Offsets beyond int range and a vgroup id of 0 or negative must not be narrowed or dropped.
        TDengineCdcSplit split = new TDengineCdcSplit(
                "topic_meters",
                "group_1",
                "clientId_2",
                2,
                Map.of(0, 0L, 3, 5_000_000_000L, 7, Long.MAX_VALUE, -1, 42L));
        assertSameSplit(split, roundTrip(split));
    }

    @Test
    void aFreshSplitAndNonAsciiNames() throws IOException {
        TDengineCdcSplit split = new TDengineCdcSplit("主题_😀", "组", "clientId_0", 0, Collections.emptyMap());
        TDengineCdcSplit back = roundTrip(split);
        assertSameSplit(split, back);
        assertEquals("主题_😀_组_clientId_0", back.splitId());
    }

    @Test
    void anUnknownVersionIsRefused() throws IOException {
        byte[] bytes = SERIALIZER.serialize(new TDengineCdcSplit("t", "g", "c_0", 0, Collections.emptyMap()));
        assertThrows(IOException.class, () -> SERIALIZER.deserialize(SERIALIZER.getVersion() + 1, bytes));
    }

    private static TDengineCdcSplit roundTrip(TDengineCdcSplit split) throws IOException {
        return SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(split));
    }
}

package io.tdflink.common.state;

import io.tdflink.cdc.enumerator.TDengineCdcEnumState;
import io.tdflink.cdc.enumerator.TDengineCdcEnumStateSerializer;
import io.tdflink.cdc.split.TDengineCdcSplit;
import io.tdflink.cdc.split.TDengineCdcSplitSerializer;
import io.tdflink.source.enumerator.TDengineSourceEnumState;
import io.tdflink.source.enumerator.TDengineSourceEnumStateSerializer;
import io.tdflink.source.split.TDengineSplit;
import io.tdflink.source.split.TDengineSplitSerializer;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state formats users' checkpoints and savepoints hold, frozen as committed bytes
 * ({@code java/src/test/resources/state-fixtures/<format>-v<version>.bin}, one per version ever
 * released): every fixture must still read as the object it was written from, and the current
 * version must still write exactly its fixture. A format change without a new version, or a
 * version that can no longer read its old bytes, fails here. A new version's fixture is written
 * once with {@code -Dtdflink.writeFixtures=true} (existing files are never overwritten).
 */
class StateFixturesTest {
    private static final Path DIR = Paths.get("java/src/test/resources/state-fixtures");
    private static final byte[] PARAMETERS = {1, 0, 0, 0, 42, -1};
    private static final TDengineSplit SPLIT =
            new TDengineSplit("split-3", "select * from `meters` where ts >= ? and location = 'Zürich'", PARAMETERS);
    private static final TDengineSplit SPLIT_V1 =
            new TDengineSplit("split-3", "select * from `meters` where location = 'Zürich'");
    private static final TDengineCdcSplit CDC_SPLIT =
            new TDengineCdcSplit("topic_ü", "group-1", "client_2", 2, positions());

    @Test
    void sourceSplits() throws Exception {
        check("source-split", TDengineSplitSerializer.INSTANCE, SPLIT, Map.of(1, SPLIT_V1), TDengineSplit::toString);
    }

    @Test
    void sourceEnumeratorState() throws Exception {
        check(
                "source-enumerator",
                new TDengineSourceEnumStateSerializer(),
                new TDengineSourceEnumState(true, Arrays.asList(SPLIT, SPLIT)),
                Map.of(1, new TDengineSourceEnumState(true, Arrays.asList(SPLIT_V1, SPLIT_V1))),
                s -> s.isPlanned() + " " + s.unassigned());
    }

    @Test
    void cdcSplits() throws Exception {
        check(
                "cdc-split",
                TDengineCdcSplitSerializer.INSTANCE,
                CDC_SPLIT,
                Map.of(1, CDC_SPLIT),
                StateFixturesTest::describe);
    }

    @Test
    void cdcEnumeratorState() throws Exception {
        TDengineCdcEnumState state = new TDengineCdcEnumState(3, Arrays.asList(CDC_SPLIT));
        check(
                "cdc-enumerator",
                new TDengineCdcEnumStateSerializer(),
                state,
                Map.of(1, state),
                s -> s.splitCount() + " "
                        + s.unassigned().stream()
                                .map(StateFixturesTest::describe)
                                .reduce("", String::concat));
    }

    /**
     * {@code current} written by the serializer equals the current version's fixture and reads
     * back; each older fixture reads as {@code older} of its version; trailing bytes are refused.
     */
    private static <T> void check(
            String format,
            SimpleVersionedSerializer<T> serializer,
            T current,
            Map<Integer, T> older,
            Function<T, String> describe)
            throws IOException {
        Path fixture = DIR.resolve(format + "-v" + serializer.getVersion() + ".bin");
        byte[] written = serializer.serialize(current);
        if (!Files.exists(fixture) && Boolean.getBoolean("tdflink.writeFixtures")) {
            Files.write(fixture, written);
        }
        assertTrue(
                Files.exists(fixture),
                fixture + " is missing: a new format version needs its fixture (-Dtdflink.writeFixtures=true)");
        assertArrayEquals(Files.readAllBytes(fixture), written, format + " changed without a new version");
        assertEquals(describe.apply(current), describe.apply(serializer.deserialize(serializer.getVersion(), written)));
        for (Map.Entry<Integer, T> old : new TreeMap<>(older).entrySet()) {
            if (old.getKey() == serializer.getVersion()) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(DIR.resolve(format + "-v" + old.getKey() + ".bin"));
            assertEquals(
                    describe.apply(old.getValue()),
                    describe.apply(serializer.deserialize(old.getKey(), bytes)),
                    format + " version " + old.getKey());
        }
        byte[] trailing = Arrays.copyOf(written, written.length + 1);
        assertThrows(
                IOException.class,
                () -> serializer.deserialize(serializer.getVersion(), trailing),
                "trailing bytes must be refused");
        assertThrows(
                IOException.class,
                () -> serializer.deserialize(serializer.getVersion() + 1, written),
                "an unknown version must be refused");
    }

    private static String describe(TDengineCdcSplit s) {
        return String.join(
                " ",
                s.topic(),
                s.groupId(),
                s.clientId(),
                String.valueOf(s.index()),
                s.positions().toString());
    }

    private static Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new TreeMap<>();
        positions.put(3, 100L);
        positions.put(5, Long.MAX_VALUE - 7);
        return positions;
    }
}

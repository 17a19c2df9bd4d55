package io.tdflink.cdc.enumerator;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where readers start: nowhere in particular on a fresh job, the merged checkpoint positions after a restore. */
class StartPositionsExchangeTest {
    private static final int PARALLELISM = 3;
    private static final Map<Integer, Long> NONE = Collections.emptyMap();
    /** Vgroup 2 moved between subtasks: the larger position is the one whose rows were all emitted. */
    private static final Map<Integer, Long> MERGED = Map.of(1, 10L, 2, 7L, 3, 1L);

    @Test
    void aFreshJobAnswersEachReaderAtOnceWithItsOwnPositions() {
        StartPositionsExchange exchange = new StartPositionsExchange(false);
        assertEquals(Map.of(1, NONE), exchange.report(1, NONE, PARALLELISM));
        // A reader restarted alone while the enumerator ran: its own checkpointed positions.
        assertEquals(Map.of(0, Map.of(4, 40L)), exchange.report(0, Map.of(4, 40L), PARALLELISM));
        assertFalse(exchange.isJobWide());
        assertFalse(exchange.seeded(Set.of(1)), "nothing to seed, so nothing completes");
    }

    @Test
    void aRestoredJobAnswersEveryReaderWithTheMergeOnceAllReported() {
        StartPositionsExchange exchange = new StartPositionsExchange(true);
        assertFalse(exchange.seeded(Set.of(1)), "a seed before any merge completes nothing");
        assertEquals(Map.of(), exchange.report(0, Map.of(1, 10L, 2, 5L), PARALLELISM));
        assertEquals(Map.of(), exchange.report(2, Map.of(2, 7L, 3, 1L), PARALLELISM));
        assertEquals(
                Map.of(),
                exchange.report(2, Map.of(2, 7L, 3, 1L), PARALLELISM),
                "a reader reporting again counts once");
        assertEquals(Map.of(0, MERGED, 1, MERGED, 2, MERGED), exchange.report(1, NONE, PARALLELISM));
        assertTrue(exchange.isJobWide());
    }

    @Test
    void seedingCompletesOnlyWhenEveryMergedVgroupWasSought() {
        StartPositionsExchange exchange = restoredAndMerged();
        assertFalse(exchange.seeded(Set.of(1)));
        assertFalse(exchange.seeded(Set.of(9)), "a vgroup with no start position changes nothing");
        assertTrue(exchange.isJobWide());
        assertTrue(exchange.seeded(Set.of(2, 3)));
        assertFalse(exchange.isJobWide());
        assertFalse(exchange.seeded(Set.of(1, 2, 3)), "completion is reported once");
    }

    @Test
    void laterReportsGetTheMergeWhileSeedingIsPendingAndTheirOwnAfter() {
        StartPositionsExchange exchange = restoredAndMerged();
        // A reader restarting alone before every vgroup was sought must still not start a
        // restored vgroup at a committed offset past the checkpoint: the merge, with its own newer positions.
        assertEquals(Map.of(1, Map.of(1, 99L, 2, 7L, 3, 1L)), exchange.report(1, Map.of(1, 99L), PARALLELISM));
        assertTrue(exchange.isJobWide());
        exchange.seeded(MERGED.keySet());
        assertFalse(exchange.isJobWide());
        assertEquals(Map.of(1, Map.of(1, 99L)), exchange.report(1, Map.of(1, 99L), PARALLELISM));
    }

    @Test
    void aRestoreWithNoPositionsIsSeededAtOnce() {
        StartPositionsExchange exchange = new StartPositionsExchange(true);
        exchange.report(0, NONE, 2);
        assertEquals(Map.of(0, NONE, 1, NONE), exchange.report(1, NONE, 2));
        assertFalse(exchange.isJobWide());
    }

    private static StartPositionsExchange restoredAndMerged() {
        StartPositionsExchange exchange = new StartPositionsExchange(true);
        exchange.report(0, Map.of(1, 10L, 2, 5L), PARALLELISM);
        exchange.report(1, Map.of(2, 7L, 3, 1L), PARALLELISM);
        assertEquals(Map.of(0, MERGED, 1, MERGED, 2, MERGED), exchange.report(2, NONE, PARALLELISM));
        return exchange;
    }
}

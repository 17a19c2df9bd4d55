package io.tdflink.cdc.reader;

import io.tdflink.cdc.CdcProperties;
import io.tdflink.cdc.split.TDengineCdcSplit;
import io.tdflink.common.TDengineException;
import io.tdflink.jni.NativeConsumer;
import io.tdflink.jni.NativeTmqMessage;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fetcher thread's side of a CDC reader: owns the subtask's TMQ consumer and makes every
 * call on it. It opens the consumer once the enumerator said where to start, seeks each vgroup
 * TMQ gives it to that start position the first time (before any of its rows are emitted),
 * then returns one polled message per fetch, and commits what the task thread asks for.
 *
 * <p>A reader holding several splits (after a restore at a lower parallelism) still has one
 * consumer; its positions go to the first split.
 */
@Internal
final class TDengineCdcSplitReader<OUT> implements SplitReader<CdcRecords<OUT>, TDengineCdcSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(TDengineCdcSplitReader.class);
    /** How often the assignment is checked: for vgroups gained (to seek) or lost (to forget), and idleness. */
    private static final long ASSIGNMENT_CHECK_MS = 1000;
    private static final int VGROUP_NOT_ASSIGNED = 0x4008;

    private final CdcProperties properties;
    private final CdcMessageDecoder<OUT> decoder;
    private final FetcherChannel channel;
    private final List<TDengineCdcSplit> splits = new ArrayList<>();
    private final Map<Integer, Long> committed = new HashMap<>();
    private NativeConsumer consumer;
    /** Start positions of vgroups not yet sought; dropped once the enumerator says all were. */
    private Map<Integer, Long> seeds;
    /** The vgroups owned at the last assignment check, or since polled from. */
    private Set<Integer> owned = new TreeSet<>();
    private long nextAssignmentCheck;

    TDengineCdcSplitReader(CdcProperties properties, CdcMessageDecoder<OUT> decoder, FetcherChannel channel) {
        this.properties = properties;
        this.decoder = decoder;
        this.channel = channel;
    }

    @Override
    public RecordsWithSplitIds<CdcRecords<OUT>> fetch() throws IOException {
        if (consumer == null) {
            return open();
        }
        commitRequested();
        if (channel.areSeedsDone()) {
            seeds.clear();
        }
        Map<Integer, Long> moved = new TreeMap<>();
        Set<Integer> ownedNow = System.currentTimeMillis() >= nextAssignmentCheck ? checkAssignment(moved) : null;
        NativeTmqMessage message = consumer.poll(properties.pollIntervalMs());
        if (message == null) {
            return records(Collections.emptyList(), moved, ownedNow);
        }
        int vgroup = message.vgroupId();
        owned.add(vgroup);
        Long seed = seeds.remove(vgroup);
        if (seed != null) {
            // The vgroup came between two assignment checks: its rows start at the group's
            // committed offset, which may be ahead of or behind the restored checkpoint.
            seek(vgroup, seed);
            if (message.offset() != seed) {
                moved.put(vgroup, seed);
                return records(Collections.emptyList(), moved, ownedNow);
            }
        }
        List<OUT> values = new ArrayList<>();
        try {
            decoder.decode(message, values);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot convert a row of topic " + message.topic() + " vgroup " + vgroup, e);
        }
        moved.put(vgroup, message.nextOffset());
        return records(values, moved, ownedNow);
    }

    /**
     * Opens the consumer once the start positions are known and seeks what it was assigned. The
     * first split takes every start position, so a checkpoint before all were used still holds
     * them; other splits (a restore at a lower parallelism) are emptied, their positions being
     * in the start positions.
     */
    private RecordsWithSplitIds<CdcRecords<OUT>> open() throws IOException {
        Map<Integer, Long> start;
        try {
            start = channel.awaitStartPositions(properties.pollIntervalMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for start positions", e);
        }
        if (start == null || splits.isEmpty()) {
            return new RecordsBySplits<>(Collections.emptyMap(), Collections.emptySet());
        }
        seeds = new TreeMap<>(start);
        TDengineCdcSplit split = splits.get(0);
        LOG.info("opening consumer {} of group {} on topic {}, start positions {}", split.clientId(), split.groupId(), split.topic(), seeds);
        consumer = NativeConsumer.open(properties.consumerProperties(split.index()), Collections.singletonList(split.topic()));
        Map<Integer, Long> positions = new TreeMap<>(seeds);
        Set<Integer> ownedNow = checkAssignment(positions);
        Map<String, Collection<CdcRecords<OUT>>> bySplit = new HashMap<>();
        for (TDengineCdcSplit other : splits.subList(1, splits.size())) {
            bySplit.put(other.splitId(), Collections.singletonList(new CdcRecords<>(Collections.emptyList(), Collections.emptyMap(), Collections.emptySet())));
        }
        bySplit.put(split.splitId(), Collections.singletonList(new CdcRecords<>(Collections.emptyList(), positions, ownedNow)));
        return new RecordsBySplits<>(bySplit, Collections.emptySet());
    }

    /**
     * Asks which vgroups the consumer owns now: a vgroup gained with an unused start position is
     * sought there, one gained without starts where TMQ put it (committed offset, else
     * {@code auto.offset.reset}); both go into {@code positions}. Also tells the reader whether
     * it is idle (no vgroup).
     *
     * @return the vgroups whose positions the split keeps: those owned, and those whose start
     *     position no reader has used yet
     */
    private Set<Integer> checkAssignment(Map<Integer, Long> positions) {
        nextAssignmentCheck = System.currentTimeMillis() + ASSIGNMENT_CHECK_MS;
        List<NativeConsumer.Assignment> assignment = consumer.assignment();
        channel.idle(assignment.isEmpty());
        Set<Integer> now = new TreeSet<>();
        for (NativeConsumer.Assignment assigned : assignment) {
            now.add(assigned.vgroupId);
            Long seed = seeds.remove(assigned.vgroupId);
            if (seed != null) {
                seek(assigned.vgroupId, seed);
                positions.put(assigned.vgroupId, seed);
            } else if (!owned.contains(assigned.vgroupId)) {
                positions.put(assigned.vgroupId, assigned.current);
            }
        }
        owned = now;
        Set<Integer> kept = new TreeSet<>(now);
        kept.addAll(seeds.keySet());
        return kept;
    }

    /**
     * Moves the vgroup to its start position and commits it there, so no consumer of the group
     * starts it from an offset committed past the restored checkpoint.
     */
    private void seek(int vgroup, long offset) {
        LOG.info("seeking vgroup {} of {} to its start position {}", vgroup, properties.topic(), offset);
        consumer.seek(properties.topic(), vgroup, offset);
        commit(vgroup, offset);
        Set<Integer> done = new TreeSet<>();
        done.add(vgroup);
        channel.reportSeeded(done);
    }

    private void commitRequested() {
        Map<Integer, Long> positions = channel.takeCommit();
        if (positions != null) {
            positions.forEach((vgroup, offset) -> {
                if (!offset.equals(committed.get(vgroup))) {
                    commit(vgroup, offset);
                }
            });
        }
    }

    /**
     * Commits one vgroup. A failure is logged, not raised: positions live in Flink's state, so a
     * missed commit only moves where a new job without state would start.
     */
    private void commit(int vgroup, long offset) {
        try {
            consumer.commit(properties.topic(), vgroup, offset);
            committed.put(vgroup, offset);
        } catch (TDengineException e) {
            if (e.getErrorCode() == VGROUP_NOT_ASSIGNED) {
                LOG.debug("vgroup {} moved to another consumer before its commit at {}", vgroup, offset);
            } else {
                LOG.warn("commit of vgroup {} at {} failed", vgroup, offset, e);
            }
        }
    }

    private RecordsWithSplitIds<CdcRecords<OUT>> records(List<OUT> values, Map<Integer, Long> positions, Set<Integer> ownedNow) {
        if (values.isEmpty() && positions.isEmpty() && ownedNow == null) {
            return new RecordsBySplits<>(Collections.emptyMap(), Collections.emptySet());
        }
        CdcRecords<OUT> records = new CdcRecords<>(values, positions, ownedNow);
        return new RecordsBySplits<>(Collections.singletonMap(splits.get(0).splitId(), Collections.singletonList(records)), Collections.emptySet());
    }

    @Override
    public void handleSplitsChanges(SplitsChange<TDengineCdcSplit> splitsChanges) {
        if (!(splitsChanges instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + splitsChanges.getClass().getSimpleName());
        }
        splits.addAll(splitsChanges.splits());
    }

    @Override
    public void wakeUp() {
        // A fetch waits at most poll.interval_ms, then sees any queued commit or event.
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }
}

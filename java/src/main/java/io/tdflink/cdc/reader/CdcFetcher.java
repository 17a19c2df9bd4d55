package io.tdflink.cdc.reader;

import io.tdflink.cdc.CdcProperties;
import io.tdflink.cdc.split.TDengineCdcSplit;
import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineException;
import io.tdflink.jni.NativeConsumer;
import io.tdflink.jni.NativeTmqMessage;

import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fetch thread's side of a CDC reader: owns the subtask's TMQ consumer and makes every call
 * on it. It opens the consumer once the enumerator said where to start, seeks each vgroup TMQ
 * gives it to its start position the first time (before any of its rows are emitted), then
 * returns one polled message per fetch, and commits what the task thread asks for.
 */
@Internal
final class CdcFetcher<OUT> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CdcFetcher.class);
    /** How often the assignment is checked: for vgroups gained (to seek) or lost (to forget), and idleness. */
    private static final long ASSIGNMENT_CHECK_MS = 250;

    private final CdcProperties properties;
    private final CdcMessageDecoder<OUT> decoder;
    private final FetcherChannel channel;
    private final CdcReaderMetrics metrics;
    /** The split whose client id and subtask index the consumer uses. */
    private final TDengineCdcSplit split;

    private final Map<Integer, Long> committed = new HashMap<>();
    /** Written by the fetch thread only; volatile for {@link #wakeup} from the task thread. */
    private volatile NativeConsumer consumer;
    /** Start positions of vgroups not yet sought; dropped once the enumerator says all were. */
    private Map<Integer, Long> seeds;
    /** The vgroups owned at the last assignment check, or since polled from. */
    private Set<Integer> owned = new TreeSet<>();
    /** The vgroups the reader's positions were last told to keep; only a change is sent. */
    private Set<Integer> kept;

    private long nextAssignmentCheck;
    /** Set when the reader became idle or busy: the next fetch hands something over so it notices. */
    private boolean idlenessChanged;

    /** @param keptAtStart the vgroups the reader's positions hold when it starts */
    CdcFetcher(
            CdcProperties properties,
            CdcMessageDecoder<OUT> decoder,
            FetcherChannel channel,
            CdcReaderMetrics metrics,
            TDengineCdcSplit split,
            Set<Integer> keptAtStart) {
        this.properties = properties;
        this.decoder = decoder;
        this.channel = channel;
        this.metrics = metrics;
        this.split = split;
        this.kept = new TreeSet<>(keptAtStart);
    }

    /** The next thing to hand the task thread, or {@code null} if nothing happened. */
    CdcRecords<OUT> fetch() throws IOException, InterruptedException {
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
            return records(Collections.emptyList(), moved, ownedNow, 0);
        }
        int vgroup = message.vgroupId();
        owned.add(vgroup);
        if (ownedNow != null) {
            // Gained during the poll, after the check: its position must not be dropped.
            ownedNow.add(vgroup);
        }
        Long seed = seeds.remove(vgroup);
        if (seed != null && message.offset() != seed) {
            // The vgroup came between two assignment checks: its rows start at the group's
            // committed offset, which may be ahead of or behind the restored checkpoint. The
            // message is dropped; after the seek its rows come again from the start position.
            if (seek(vgroup, seed)) {
                moved.put(vgroup, seed);
            }
            return records(Collections.emptyList(), moved, ownedNow, 0);
        }
        if (seed != null) {
            seek(vgroup, seed);
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
        return records(values, moved, ownedNow, message.byteLength());
    }

    /** Opens the consumer once the start positions are known, and seeks what it was assigned. */
    private CdcRecords<OUT> open() throws InterruptedException {
        Map<Integer, Long> start = channel.awaitStartPositions(properties.pollIntervalMs());
        if (start == null) {
            return null;
        }
        seeds = new TreeMap<>(start);
        LOG.info(
                "opening consumer {} of group {} on topic {}, start positions {}",
                split.clientId(),
                split.groupId(),
                split.topic(),
                seeds);
        consumer = NativeConsumer.open(
                properties.consumerProperties(split.index()), Collections.singletonList(split.topic()));
        // The start positions go into the reader's state, so a checkpoint before all were used still holds them.
        Map<Integer, Long> positions = new TreeMap<>(seeds);
        return records(Collections.emptyList(), positions, checkAssignment(positions), 0);
    }

    /**
     * Asks which vgroups the consumer owns now: a vgroup gained with an unused start position is
     * sought there, one gained without starts where TMQ put it (committed offset, else
     * {@code auto.offset.reset}); both go into {@code positions}. Also tells the reader whether
     * it is idle (no vgroup).
     *
     * @return the vgroups whose positions the split keeps (those owned, and those whose start
     *     position no reader has used yet), or {@code null} if unchanged
     */
    private Set<Integer> checkAssignment(Map<Integer, Long> positions) {
        nextAssignmentCheck = System.currentTimeMillis() + ASSIGNMENT_CHECK_MS;
        List<NativeConsumer.Assignment> assignment = consumer.assignment();
        metrics.assignment(assignment, consumer.reconnects());
        idlenessChanged |= channel.idle(assignment.isEmpty());
        Set<Integer> now = new TreeSet<>();
        for (NativeConsumer.Assignment assigned : assignment) {
            now.add(assigned.vgroupId);
            Long seed = seeds.remove(assigned.vgroupId);
            if (seed != null) {
                if (seek(assigned.vgroupId, seed)) {
                    positions.put(assigned.vgroupId, seed);
                }
            } else if (!owned.contains(assigned.vgroupId)) {
                positions.put(assigned.vgroupId, assigned.current);
                // Committed at once: before the first checkpoint nothing else is, and a vgroup
                // TMQ moves to a reader joining later would restart at auto.offset.reset
                // ('latest': after rows inserted meanwhile) rather than where this one started.
                if (!committed.containsKey(assigned.vgroupId)) {
                    commit(assigned.vgroupId, assigned.current);
                }
            }
        }
        owned = now;
        Set<Integer> keep = new TreeSet<>(now);
        keep.addAll(seeds.keySet());
        if (keep.equals(kept)) {
            return null;
        }
        kept = keep;
        return keep;
    }

    /**
     * Moves the vgroup to its start position and commits it there, so no consumer of the group
     * starts it from an offset committed past the restored checkpoint. The start position is
     * kept for later if TMQ moved the vgroup away meanwhile.
     *
     * @return whether the vgroup was sought
     */
    private boolean seek(int vgroup, long offset) {
        LOG.info("seeking vgroup {} of {} to its start position {}", vgroup, properties.topic(), offset);
        try {
            consumer.seek(properties.topic(), vgroup, offset);
        } catch (TDengineException e) {
            if (e.getErrorCode() != ErrorCodes.SERVER_TMQ_INVALID_VGID) {
                throw e;
            }
            LOG.info("vgroup {} moved to another consumer before it was sought", vgroup);
            seeds.put(vgroup, offset);
            return false;
        }
        commit(vgroup, offset);
        Set<Integer> done = new TreeSet<>();
        done.add(vgroup);
        channel.reportSeeded(done);
        return true;
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
            if (e.getErrorCode() == ErrorCodes.SERVER_TMQ_INVALID_VGID) {
                LOG.debug("vgroup {} moved to another consumer before its commit at {}", vgroup, offset);
            } else {
                LOG.warn("commit of vgroup {} at {} failed", vgroup, offset, e);
            }
        }
    }

    private CdcRecords<OUT> records(List<OUT> values, Map<Integer, Long> positions, Set<Integer> ownedNow, int bytes) {
        boolean wake = idlenessChanged;
        idlenessChanged = false;
        return values.isEmpty() && positions.isEmpty() && ownedNow == null && !wake
                ? null
                : new CdcRecords<>(values, positions, ownedNow, bytes);
    }

    /** Ends a poll in progress: the one call made from another thread than the fetch thread. */
    void wakeup() {
        NativeConsumer open = consumer;
        if (open != null) {
            open.wakeup();
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }
}

package io.tdflink.cdc.enumerator;

import org.apache.flink.annotation.Internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides where readers start after a restore (docs/cdc.md). TMQ hands vgroups to consumers
 * itself, so a vgroup's checkpointed position may sit in any reader's split. Once every reader
 * reported its restored positions, all get the merge, keeping the largest offset per vgroup:
 * every row before it was emitted before the checkpoint, by whichever reader held it then.
 *
 * <p>The group's committed offsets may be ahead of the checkpoint (an older checkpoint or a
 * savepoint was restored), so a vgroup must not start there until a reader sought and
 * committed it back. When every merged vgroup was, the committed offsets belong to this run
 * again and readers are told to drop what they did not use.
 *
 * <p>A reader restarted alone (regional failover, the enumerator keeps running) gets its own
 * restored positions, merged with the job-wide ones while those are still in use: the
 * committed offsets then trail the restored checkpoint, never lead it, so its positions are
 * only needed to avoid re-reading what the checkpoint covers.
 */
@Internal
final class StartPositionsExchange {
    private final Map<Integer, Map<Integer, Long>> reports = new HashMap<>();
    private final Set<Integer> unseeded = new TreeSet<>();
    private Map<Integer, Long> merged;
    private boolean seedsDone;

    /** @param restored whether the job started from a checkpoint or savepoint */
    StartPositionsExchange(boolean restored) {
        if (!restored) {
            merged = Collections.emptyMap();
            seedsDone = true;
        }
    }

    /**
     * A reader's report.
     *
     * @return the answers to send now, by subtask: none until every reader of the first round
     *     reported, then the merge for each
     */
    Map<Integer, Map<Integer, Long>> report(int subtask, Map<Integer, Long> positions, int parallelism) {
        if (merged != null) {
            Map<Integer, Long> answer = new TreeMap<>(positions);
            if (!seedsDone) {
                merged.forEach((vgroup, offset) -> answer.merge(vgroup, offset, Math::max));
            }
            return Collections.singletonMap(subtask, answer);
        }
        reports.put(subtask, positions);
        if (reports.size() < parallelism) {
            return Collections.emptyMap();
        }
        Map<Integer, Long> merge = new TreeMap<>();
        for (Map<Integer, Long> report : reports.values()) {
            report.forEach((vgroup, offset) -> merge.merge(vgroup, offset, Math::max));
        }
        merged = Collections.unmodifiableMap(merge);
        unseeded.addAll(merge.keySet());
        seedsDone = unseeded.isEmpty();
        Map<Integer, Map<Integer, Long>> answers = new TreeMap<>();
        reports.keySet().forEach(reader -> answers.put(reader, merged));
        reports.clear();
        return answers;
    }

    /** Whether answers given now are a job-wide restore's, kept by readers until the seeding is done. */
    boolean isJobWide() {
        return !seedsDone;
    }

    /** A reader sought and committed {@code vgroups}; true when that completed the seeding. */
    boolean seeded(Set<Integer> vgroups) {
        if (seedsDone || merged == null) {
            return false;
        }
        unseeded.removeAll(vgroups);
        seedsDone = unseeded.isEmpty();
        return seedsDone;
    }
}

package io.tdflink.it.faults;

import io.tdflink.testutils.FaultSchedule;
import io.tdflink.testutils.MemorySampler;
import io.tdflink.testutils.SequenceTableCheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The figures of one {@link SoakITCase} run: one parseable SOAK line and a small markdown report. */
final class SoakReport {
    double minutes;
    long sinkRows;
    SequenceTableCheck sinkCheck;
    FaultSchedule sinkFaults;
    long sinkReconnects;
    long cdcRows;
    long cdcLost;
    long cdcDuplicates;
    FaultSchedule cdcFaults;
    long cdcReconnects;
    MemorySampler memory;

    /** {@code SOAK minutes=.. sink_rows=.. ... rss_mib first=.. last=.. max=.. slope=..}. */
    String line() {
        return String.format(
                "SOAK minutes=%s sink_rows=%d sink_verified=%d sink_lost=%d sink_duplicates_left=%d sink_wrong=%d sink_reconnects=%d "
                        + "cdc_rows=%d cdc_verified=%d cdc_lost=%d cdc_duplicates=%d cdc_reconnects=%d sink_faults[%s] cdc_faults[%s] heap_mib[%s] rss_mib[%s]",
                minutes,
                sinkRows,
                sinkCheck.read,
                sinkCheck.lost,
                sinkCheck.duplicatesLeft,
                sinkCheck.wrong,
                sinkReconnects,
                cdcRows,
                cdcRows - cdcLost,
                cdcLost,
                cdcDuplicates,
                cdcReconnects,
                sinkFaults.summary(),
                cdcFaults.summary(),
                memory.summary(s -> s.heapMib),
                memory.summary(s -> s.rssMib));
    }

    void write(Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Soak: ").append(minutes).append(" minutes, a sink job and a CDC job through fault proxies\n\n");
        md.append(
                "| job | rows | verified | lost | duplicates | reconnects | faults |\n|---|---|---|---|---|---|---|\n");
        md.append(String.format(
                "| sink | %d | %d | %d | %d left in the table | %d | %s |%n",
                sinkRows,
                sinkCheck.read - sinkCheck.wrong - sinkCheck.duplicatesLeft,
                sinkCheck.lost,
                sinkCheck.duplicatesLeft,
                sinkReconnects,
                sinkFaults.summary()));
        md.append(String.format(
                "| cdc | %d | %d | %d | %d delivered again (at-least-once) | %d | %s |%n%n",
                cdcRows, cdcRows - cdcLost, cdcLost, cdcDuplicates, cdcReconnects, cdcFaults.summary()));
        md.append("Memory of the test JVM (MiniCluster and native library inside), MiB; heap after a GC request:\n\n");
        md.append("| | heap used | RSS |\n|---|---|---|\n");
        md.append("| summary | ")
                .append(memory.summary(s -> s.heapMib))
                .append(" | ")
                .append(memory.summary(s -> s.rssMib))
                .append(" |\n");
        for (MemorySampler.Sample s : memory.samples()) {
            md.append(String.format("| %.0f s | %.0f | %.0f |%n", s.seconds, s.heapMib, s.rssMib));
        }
        md.append("\n`").append(line()).append("`\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, md.toString().getBytes(StandardCharsets.UTF_8));
    }
}

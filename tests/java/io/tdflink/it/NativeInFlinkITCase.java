package io.tdflink.it;

import io.tdflink.jni.NativeDiagnostics;

import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Native code runs inside real Flink jobs: shared with Flink, and loaded per job classloader. */
class NativeInFlinkITCase {
    private static final int BATCHES = 40;
    private static final long EXPECTED_SUM = sumOf(BATCHES * (long) NativeBatchSumFunction.ROWS);

    @Test
    void operatorsCallNativeCodeInAMiniClusterJob() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(2);
        List<Tuple3<Long, String, Long>> results = run(env);
        assertEquals(BATCHES, results.size());
        assertEquals(EXPECTED_SUM, results.stream().mapToLong(t -> t.f2).sum());
        // Loaded by Flink's own classloader here: the same library copy as this test's.
        assertTrue(results.stream().allMatch(t -> t.f0 == NativeDiagnostics.instanceId()));
        assertTrue(results.stream().allMatch(t -> t.f1.startsWith("tdflink-rt")));
    }

    /**
     * Three jobs submitted with the connector in their jar, one after the other, on one
     * TaskManager: each job's classloader loads the library, every job works, all share the
     * one mapped copy this test's classloader uses, and each job's threads (its log forwarder)
     * stop when Flink releases the job's classloader.
     */
    @Test
    void threeJobsInOneJvmEachWithItsOwnClassloader(@TempDir java.nio.file.Path tmp) throws Exception {
        Path jobJar = new Path(buildJobJar(tmp).toUri());
        Configuration conf = new Configuration();
        conf.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "child-first");
        MiniClusterConfiguration clusterConf = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build();
        NativeDiagnostics.runtimeThreadName(); // this classloader attached, its runtime running
        int threadsBefore = nativeThreadCount();
        Set<Long> instances = new HashSet<>();
        try (MiniCluster cluster = new MiniCluster(clusterConf)) {
            cluster.start();
            for (int job = 0; job < 3; job++) {
                StreamExecutionEnvironment env = new TestStreamEnvironment(
                        cluster, conf, 2, Collections.singleton(jobJar), Collections.emptyList());
                List<Tuple3<Long, String, Long>> results = run(env);
                assertEquals(EXPECTED_SUM, results.stream().mapToLong(t -> t.f2).sum(), "job " + job);
                results.forEach(t -> instances.add(t.f0));
                awaitNativeThreads(threadsBefore, "after job " + job);
            }
        }
        assertEquals(Set.of(NativeDiagnostics.instanceId()), instances, "one library copy for every classloader");
    }

    private static List<Tuple3<Long, String, Long>> run(StreamExecutionEnvironment env) throws Exception {
        List<Tuple3<Long, String, Long>> results = new ArrayList<>();
        env.fromSequence(0, BATCHES - 1)
                .flatMap(new NativeBatchSumFunction())
                .executeAndCollect()
                .forEachRemaining(results::add);
        return results;
    }

    private static long sumOf(long n) {
        return n * (n - 1) / 2;
    }

    /** Threads owned by the native library: runtime workers and log forwarders. */
    private static int nativeThreadCount() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("tdflink-rt") || t.getName().equals("tdflink-native-log"))
                .count();
    }

    private static void awaitNativeThreads(int expected, String when) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (nativeThreadCount() > expected) {
            if (System.nanoTime() > deadline) {
                fail("native threads piled up " + when + ": " + nativeThreadCount() + " > " + expected);
            }
            Thread.sleep(100);
        }
    }

    /** The connector classes, the native library and this test's job classes, as a job jar. */
    private static java.nio.file.Path buildJobJar(java.nio.file.Path dir) throws IOException {
        java.nio.file.Path jar = dir.resolve("job.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            for (String root : new String[] {
                System.getProperty("tdflink.test.classes"), System.getProperty("tdflink.test.test-classes")
            }) {
                java.nio.file.Path base = Paths.get(root);
                try (Stream<java.nio.file.Path> files = Files.walk(base)) {
                    for (java.nio.file.Path f :
                            (Iterable<java.nio.file.Path>) files.filter(Files::isRegularFile)::iterator) {
                        String name = base.relativize(f).toString().replace('\\', '/');
                        if (name.startsWith("io/tdflink/") || name.startsWith("native/")) {
                            out.putNextEntry(new JarEntry(name));
                            Files.copy(f, out);
                            out.closeEntry();
                        }
                    }
                }
            }
        }
        return jar;
    }
}

package io.tdflink.testutils;

import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * TDengine's official Flink connector ({@code ../shared/anchors}, test scope only) as a judge:
 * runs SQL through it in a separate JVM, on the test classpath without tdflink's classes.
 */
public final class OfficialConnector {
    private static final Path JAR = Paths.get("..", "shared", "anchors", "flink-connector-tdengine-2.1.5.jar");

    private OfficialConnector() {}

    /**
     * Skips the calling test on Flink 2: the official sink declares
     * {@code createWriter(Sink.InitContext)}, so its jobs cannot even be built there
     * ({@code NoClassDefFoundError: Sink$InitContext}), and there is nothing to compare with.
     */
    public static void assumeItsSinkLoads() {
        String flink = EnvironmentInformation.getVersion();
        Assumptions.assumeTrue(flink.startsWith("1."), "the official connector's sink does not load on Flink " + flink);
    }

    /** The rows of the last statement of {@code statements}, as {@code Row#toString}. */
    public static List<String> rows(String... statements) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("the official connector is expected at " + JAR.toAbsolutePath());
        }
        Path script = Files.createTempFile("official", ".sql");
        Files.write(script, String.join(";\n", statements).getBytes(StandardCharsets.UTF_8));
        String ours = new File(System.getProperty("tdflink.test.classes")).getAbsolutePath();
        List<String> classpath = new ArrayList<>();
        classpath.add(JAR.toAbsolutePath().toString());
        for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator)) {
            if (!new File(entry).getAbsolutePath().equals(ours)) {
                classpath.add(entry);
            }
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")
                        || a.startsWith("-Djava.io.tmpdir")
                        || a.startsWith("-Duser.timezone"))
                .collect(Collectors.toList()));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add(OfficialSqlRunner.class.getName());
        command.add(script.toString());
        Path output = Files.createTempFile("official", ".out");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the official connector's job did not end in 3 minutes");
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the official connector's job failed:\n" + String.join("\n", lines));
        }
        return lines.stream()
                .filter(l -> l.startsWith("ROW "))
                .map(l -> l.substring(4))
                .collect(Collectors.toList());
    }
}

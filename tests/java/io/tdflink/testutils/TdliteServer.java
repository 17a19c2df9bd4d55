package io.tdflink.testutils;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tdlite process started from the binary cargo built ({@code rust/target/release/tdlite},
 * or {@code -Dtdlite.binary=...}), listening on a free loopback port, in UTC whatever the host's
 * zone (tdlite's default), so time literals in the tests mean the same everywhere. Output goes
 * to {@code target/tdlite-<port>.log}.
 */
public final class TdliteServer implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("tdlite ready: listen=(\\S+):(\\d+)");

    private final Path dataDir;
    private final List<String> extraArgs;
    private Process process;
    private int port;

    /** An in-memory server ({@code dataDir == null}) or a durable one. */
    public TdliteServer(Path dataDir, String... extraArgs) {
        this.dataDir = dataDir;
        this.extraArgs = List.of(extraArgs);
    }

    public static Path binary() {
        String configured = System.getProperty("tdlite.binary");
        Path path = configured != null ? Paths.get(configured) : Paths.get("rust", "target", "release", "tdlite");
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("tdlite binary not found at " + path.toAbsolutePath()
                    + " (build it with cargo build --release -p tdlite)");
        }
        return path;
    }

    /** Starts the process and waits for its ready line. Restarting reuses the same port. */
    public synchronized TdliteServer start() throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(binary().toString(), "--listen", "127.0.0.1:" + port, "--timezone", "UTC"));
        if (dataDir != null) {
            command.add("--data-dir");
            command.add(dataDir.toString());
        }
        command.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(logFile()));
        process = builder.start();
        CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(this::awaitReadyLine);
        try {
            port = ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("tdlite did not become ready (log: " + logFile() + ")", e);
        }
        return this;
    }

    private int awaitReadyLine() {
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(2));
                }
            }
            throw new IllegalStateException("tdlite exited before it was ready");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private java.io.File logFile() {
        return Paths.get("target", "tdlite-" + ProcessHandle.current().pid() + ".log")
                .toFile();
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:TAOS-WS://127.0.0.1:<port>/<db>?user=root&password=taosdata}. */
    public String jdbcUrl(String database) {
        return "jdbc:TAOS-WS://127.0.0.1:" + port + "/" + (database == null ? "" : database)
                + "?user=root&password=taosdata";
    }

    /** Stops with SIGTERM (clean shutdown) and waits. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Kills with SIGKILL, as a crash would. */
    public synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}

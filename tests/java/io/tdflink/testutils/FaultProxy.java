package io.tdflink.testutils;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port in front of tdlite that breaks the connections through it
 * on command: {@link #reset} (RST both ways), {@link #stall} (forward nothing for a while),
 * {@link #latency} (delay every chunk for a while) and {@link #cut} (forward half of the next
 * chunk, then close: the peer sees a frame cut off mid-way). Connections keep working until a
 * fault ends them; a client that reconnects gets a fresh one.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

    private final int upstreamPort;
    private final ServerSocket listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger cutsDone = new AtomicInteger();
    private volatile long stalledUntilNanos;
    private volatile long slowUntilNanos;
    private volatile long delayMillis;
    private volatile boolean closed;

    /** Listens at once; every accepted connection is forwarded to {@code 127.0.0.1:upstreamPort}. */
    public FaultProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fault-proxy-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code jdbc:TAOS-WS://127.0.0.1:<proxy port>/<db>?user=root&password=taosdata}. */
    public String jdbcUrl(String database) {
        return "jdbc:TAOS-WS://127.0.0.1:" + port() + "/" + (database == null ? "" : database)
                + "?user=root&password=taosdata";
    }

    /** Connections accepted so far: the first of each client plus every reconnect. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections {@link #cut} actually cut (an idle connection is cut only when it next carries data). */
    public int cutsDone() {
        return cutsDone.get();
    }

    /** Resets every open connection: both sides get an RST. Returns how many. */
    public int reset() {
        int count = 0;
        for (Link link : links) {
            link.close(true);
            count++;
        }
        return count;
    }

    /** Forwards nothing, in either direction, for {@code duration}; data waits, connections stay open. */
    public void stall(Duration duration) {
        stalledUntilNanos = System.nanoTime() + duration.toNanos();
    }

    /** Delays every chunk by {@code delay} (each direction) for the next {@code period}. */
    public void latency(Duration delay, Duration period) {
        delayMillis = delay.toMillis();
        slowUntilNanos = System.nanoTime() + period.toNanos();
    }

    /** Arms every open connection: the next chunk either side sends is forwarded half, then the connection closes. Returns how many. */
    public int cut() {
        int count = 0;
        for (Link link : links) {
            link.cutArmed = true;
            count++;
        }
        return count;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        links.forEach(link -> link.close(false));
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
                } catch (IOException e) {
                    // The server is down (being restarted): the client sees a refused-like close and retries.
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                accepted.incrementAndGet();
                Link link = new Link(client, upstream);
                links.add(link);
                link.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("fault proxy stops accepting", e);
                }
                return;
            }
        }
    }

    /** Holds a chunk while a stall or latency is on. */
    private void holdBeforeForwarding() throws InterruptedException {
        long stallLeft = stalledUntilNanos - System.nanoTime();
        if (stallLeft > 0) {
            TimeUnit.NANOSECONDS.sleep(stallLeft);
        }
        if (slowUntilNanos - System.nanoTime() > 0) {
            TimeUnit.MILLISECONDS.sleep(delayMillis);
        }
    }

    /** One proxied connection: a thread per direction. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private volatile boolean cutArmed;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            startPump(client, upstream, "up");
            startPump(upstream, client, "down");
        }

        private void startPump(Socket from, Socket to, String direction) {
            Thread pump =
                    new Thread(() -> pump(from, to, direction), "fault-proxy-" + direction + "-" + client.getPort());
            pump.setDaemon(true);
            pump.start();
        }

        private void pump(Socket from, Socket to, String direction) {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    holdBeforeForwarding();
                    if (cutArmed) {
                        cutArmed = false;
                        out.write(buffer, 0, Math.max(1, n / 2));
                        out.flush();
                        cutsDone.incrementAndGet();
                        LOG.debug("cut a {}-byte chunk going {} after {} bytes", n, direction, Math.max(1, n / 2));
                        break;
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // The other pump or a fault closed the link.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close(false);
            }
        }

        /** Closes both sockets; {@code abort} sends RST instead of FIN. */
        void close(boolean abort) {
            links.remove(this);
            for (Socket socket : new Socket[] {client, upstream}) {
                try {
                    if (abort) {
                        socket.setSoLinger(true, 0);
                    }
                    socket.close();
                } catch (IOException e) {
                    // Already closed.
                }
            }
        }
    }
}

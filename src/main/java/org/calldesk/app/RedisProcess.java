package org.calldesk.app;

import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Redis as one {@link EmbeddedChild.Server}. The redis-server binary shipped in the embedded-redis jar
 * is copied once to {@code data/bin/redis} (not a fresh {@code /tmp/redis-*} per start, which every kill -9 left
 * behind) and run directly, without the library's wrapper, whose own shutdown hook would stop Redis in parallel
 * with calldesk's ordered stop. No persistence: Redis only holds caches and live state.
 */
final class RedisProcess implements EmbeddedChild.Server {

    private static final long READY_WITHIN_MS = 10_000;

    private final Path home;
    private final Path binaries;
    private final int port;
    private final Path pidFile;
    private Process process;

    /** {@code home}: Redis' working directory and log; {@code binaries}: where its binary is kept. */
    RedisProcess(Path home, Path binaries, int port, Path pidFile) {
        this.home = home;
        this.binaries = binaries;
        this.port = port;
        this.pidFile = pidFile;
    }

    int port() {
        return port;
    }

    @Override
    public ProcessHandle start() throws IOException {
        Files.createDirectories(home);
        Path binary = install();
        // A session of its own: a Ctrl-C meant for calldesk must not stop Redis before calldesk's ordered stop does.
        ProcessBuilder builder = new ProcessBuilder(List.of("setsid", binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
                "--save", "", "--appendonly", "no", "--dir", home.toString(), "--pidfile", pidFile.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("redis.log").toFile()));
        process = builder.start();
        awaitReady();
        return process.toHandle();
    }

    /** The binary for this machine, copied out of the jar unless an identical copy is already there. */
    private Path install() throws IOException {
        String resource = ExecutableProvider.newProvidedVersionsMap().get(OsArchitecture.detectOSandArchitecture());
        if (resource == null) {
            throw new IOException("the embedded-redis jar has no redis-server for this machine");
        }
        Path binary = binaries.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        try (InputStream in = RedisProcess.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("redis-server binary " + resource + " missing from the embedded-redis jar");
            }
            byte[] bytes = in.readAllBytes();
            if (Files.isRegularFile(binary) && Files.size(binary) == bytes.length && Files.isExecutable(binary)
                    && java.util.Arrays.equals(Files.readAllBytes(binary), bytes)) {
                return binary;
            }
            // Written beside it and moved into place, so that no start ever runs a half-written binary.
            Path part = Files.createTempFile(binaries, "redis-server", ".part");
            Files.write(part, bytes);
            part.toFile().setExecutable(true, true);
            Files.move(part, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return binary;
    }

    /** Until Redis answers PING: it takes connections. */
    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_WITHIN_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " at start (see "
                        + home.resolve("redis.log") + ")");
            }
            if (pong()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while Redis started", e);
            }
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer on 127.0.0.1:" + port + " within " + READY_WITHIN_MS + " ms");
    }

    private boolean pong() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int read = socket.getInputStream().readNBytes(reply, 0, reply.length);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void stop() throws IOException {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Redis stopped", e);
        } finally {
            process = null;
        }
    }

    @Override
    public String stopSignal() {
        return "TERM";
    }
}

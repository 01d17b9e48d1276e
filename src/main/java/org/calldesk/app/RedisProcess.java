package org.calldesk.app;

import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Redis as one {@link EmbeddedChild.Server}. The redis-server binary shipped in the embedded-redis jar
 * is copied once to {@code data/bin/redis} (not a fresh {@code /tmp/redis-*} per start, which every kill -9 left
 * behind) and run directly, without the library's wrapper, whose own shutdown hook would stop Redis in parallel
 * with calldesk's ordered stop. Its data persists in {@code data/redis} (append-only file, synced every second):
 * browser sessions live there and outlive a restart; the rest is caches and live state.
 *
 * <p>Redis reads its settings from {@code redis.conf} in its home directory, written owner-only at every start (so a
 * restart after Redis died gets the same ones): its one user needs the password from
 * {@code data/credentials.properties} (only the password's SHA-256 is in the file, and none of it on the command
 * line, where every local user could read it) and is refused CONFIG, DEBUG, MODULE and ACL
 * ({@link EmbeddedCredentials#redisUser()}).
 */
final class RedisProcess implements EmbeddedChild.Server {

    private static final long READY_WITHIN_MS = 10_000;
    private static final String PONG = "PONG";

    private final Path home;
    private final Path binaries;
    private final int port;
    private final Path pidFile;
    private final EmbeddedCredentials credentials;
    private Process process;

    /** {@code home}: Redis' working directory, configuration and log; {@code binaries}: where its binary is kept. */
    RedisProcess(Path home, Path binaries, int port, Path pidFile, EmbeddedCredentials credentials) {
        this.home = home;
        this.binaries = binaries;
        this.port = port;
        this.pidFile = pidFile;
        this.credentials = credentials;
    }

    int port() {
        return port;
    }

    @Override
    public ProcessHandle start() throws IOException {
        PrivateDirs.create(home);
        Path binary = install();
        Path config = writeConfig();
        // A session of its own: a Ctrl-C meant for calldesk must not stop Redis before calldesk's ordered stop does.
        ProcessBuilder builder = new ProcessBuilder(List.of("setsid", binary.toString(), config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("redis.log").toFile()));
        process = builder.start();
        awaitReady();
        return process.toHandle();
    }

    /** {@code home/redis.conf}, owner-only, written beside and moved into place. */
    private Path writeConfig() throws IOException {
        String text = String.join("\n",
                "# Written by calldesk at every start of its embedded Redis: changes here are overwritten.",
                "port " + port,
                "bind 127.0.0.1",
                "protected-mode yes",
                // Persistent in data/redis: browser sessions live here and must outlive a restart of calldesk (or of
                // Redis). The append-only file is synced every second; Redis writes it at its shutdown too.
                "save \"\"",
                "appendonly yes",
                "appendfilename \"appendonly.aof\"",
                "appendfsync everysec",
                "dir " + quoted(home),
                "pidfile " + quoted(pidFile),
                credentials.redisUser(),
                "");
        Path config = home.resolve("redis.conf");
        Path part = home.resolve("redis.conf.new");
        Files.deleteIfExists(part);
        if (Files.getFileStore(home).supportsFileAttributeView("posix")) {
            Files.createFile(part, PosixFilePermissions.asFileAttribute(EmbeddedCredentials.OWNER_ONLY));
        }
        Files.writeString(part, text, StandardCharsets.UTF_8);
        Files.move(part, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return config;
    }

    /** A path as one argument of a Redis config line, whatever spaces or quotes the data directory's path has. */
    private static String quoted(Path path) {
        return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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

    /** Until Redis, asked with the password, answers PING: it takes connections, and the password works. */
    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_WITHIN_MS);
        String lastReply = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " at start (see "
                        + home.resolve("redis.log") + ")");
            }
            String reply = ping();
            if (PONG.equals(reply)) {
                return;
            }
            lastReply = reply == null ? lastReply : reply;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while Redis started", e);
            }
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer on 127.0.0.1:" + port + " within " + READY_WITHIN_MS + " ms"
                + (lastReply == null ? "" : "; it said: " + lastReply));
    }

    /** {@link #PONG} once authenticated and answering; null while it takes no connection yet; else what it said. */
    private String ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            // The password is hex (EmbeddedCredentials): nothing in it needs quoting in an inline command.
            socket.getOutputStream().write(("AUTH " + credentials.redisPassword() + "\r\nPING\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader replies = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String auth = replies.readLine();
            String ping = replies.readLine();
            return "+OK".equals(auth) && "+PONG".equals(ping) ? PONG : auth + " " + ping;
        } catch (IOException notYet) {
            return null;
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

package org.calldesk.app;

import io.vertx.core.json.JsonObject;
import org.calldesk.testing.Await;
import org.calldesk.testing.ChildServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded PostgreSQL and Redis live and die with the calldesk that started them, from its own data directory. */
@ServerTest
class EmbeddedChildrenTest {

    private static final String POSTGRES_PID = "postgres/postmaster.pid";
    private static final String REDIS_PID = "redis.pid";

    @Test
    @DisplayName("kill -9 of calldesk takes its embedded PostgreSQL and Redis with it within seconds; their binaries ran from the data directory, not the temp directory")
    void diesWithCalldesk() throws Exception {
        Path data = Path.of("target", "test-data", "orphans-" + UUID.randomUUID()).toAbsolutePath();
        List<ProcessHandle> children = new ArrayList<>();
        try (ChildServer server = ChildServer.start(data, "server", Map.of())) {
            server.awaitUp();
            ProcessHandle postgres = server.pidFile(POSTGRES_PID).orElseThrow();
            ProcessHandle redis = server.pidFile(REDIS_PID).orElseThrow();
            children.add(postgres);
            children.add(redis);
            for (ProcessHandle child : children) {
                String command = child.info().command().orElse("");
                assertTrue(command.startsWith(data.resolve("bin").toString()), "runs from the data directory's bin/: " + command);
            }
            assertFalse(Files.getPosixFilePermissions(data.resolve("bin")).contains(PosixFilePermission.OTHERS_EXECUTE),
                    "the binaries' directory is private");
            String pgPort = Files.readAllLines(data.resolve(POSTGRES_PID)).get(3).trim();
            assertFalse(Files.exists(Path.of("/tmp/.s.PGSQL." + pgPort)), "PostgreSQL has no socket in /tmp");

            server.process().destroyForcibly();
            Await.until("PostgreSQL and Redis to end with calldesk", Duration.ofSeconds(15),
                    () -> children.stream().noneMatch(ProcessHandle::isAlive));
            // What the embedded servers' libraries would unpack there by default: binaries, config files, data.
            try (Stream<Path> left = Files.list(data.resolve("tmp"))) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                        .filter(name -> name.startsWith("redis-") || name.startsWith("embedded-") || name.startsWith("epg"))
                        .toList(), "left in the JVM's temp directory");
            }
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @DisplayName("an embedded Redis or PostgreSQL that dies is started again, each loss and recovery is logged, and health comes back")
    void restartsWhatDies() throws Exception {
        Path data = Path.of("target", "test-data", "supervised-" + UUID.randomUUID()).toAbsolutePath();
        try (ChildServer server = ChildServer.start(data, "server", Map.of("CALLDESK_OPERATIONS_HEALTH_WATCH_MS", "200"))) {
            server.awaitUp();
            ChildServer.Client client = server.client().login("admin");

            ProcessHandle redis = server.pidFile(REDIS_PID).orElseThrow();
            redis.destroyForcibly();
            ProcessHandle redisAgain = restarted(server, REDIS_PID, redis);
            assertNotEquals(redis.pid(), redisAgain.pid());
            awaitCheck(client, "redis");

            ProcessHandle postgres = server.pidFile(POSTGRES_PID).orElseThrow();
            postgres.destroyForcibly();
            restarted(server, POSTGRES_PID, postgres);
            awaitCheck(client, "postgres");
            Await.until("writes to work again", Duration.ofSeconds(30), () -> {
                HttpResponse<String> created = client.send("POST", "/api/complaints", new JsonObject().put("customerId", 1)
                        .put("category", "delivery").put("severity", "low").put("subject", "after restart")
                        .put("description", "PostgreSQL came back."), Map.of());
                return created.statusCode() == 201;
            });

            // The server may take connections a moment before the supervisor has logged that it is back.
            awaitLogged(server, "WARN", "embedded Redis (pid " + redis.pid() + ") exited");
            awaitLogged(server, "INFO", "embedded Redis is running again");
            awaitLogged(server, "WARN", "embedded PostgreSQL (pid " + postgres.pid() + ") exited");
            awaitLogged(server, "INFO", "embedded PostgreSQL is running again");
            awaitLogged(server, "WARN", "redis is down");
            awaitLogged(server, "INFO", "redis is back up");
        }
    }

    private static void awaitLogged(ChildServer server, String level, String text) {
        Await.until("a " + level + " line saying " + text, Duration.ofSeconds(10),
                () -> server.log().lines().anyMatch(line -> line.contains(level) && line.contains(text)));
    }

    private static ProcessHandle restarted(ChildServer server, String pidFile, ProcessHandle dead) {
        Await.until(pidFile + " to name a new live process", Duration.ofSeconds(30), () -> {
            try {
                return server.pidFile(pidFile).filter(p -> p.pid() != dead.pid()).isPresent();
            } catch (IOException | NumberFormatException beingWritten) {
                return false;
            }
        });
        try {
            return server.pidFile(pidFile).orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitCheck(ChildServer.Client client, String part) {
        Await.until(part + " UP in /health", Duration.ofSeconds(30), () -> {
            HttpResponse<String> health = client.send("GET", "/health", null, Map.of());
            return "UP".equals(new JsonObject(health.body()).getJsonObject("checks").getString(part));
        });
    }
}

package org.calldesk.app;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.calldesk.TestServer;
import org.calldesk.platform.Config;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: {@code java -jar calldesk.jar services} runs the embedded PostgreSQL and Redis alone, prints what the nodes'
 * configuration takes, and stops them on SIGTERM.
 */
@ServerTest
class ServicesCommandTest {

    @Test
    @DisplayName("services starts PostgreSQL and Redis, prints their settings as CALLDESK_ variables a node starts with, and stops them on SIGTERM")
    void servicesForNodes() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-data", "services-" + System.nanoTime()));
        Path data = dir.resolve("data");
        Map<String, String> env = Map.of("CALLDESK_DATA_DIR", data.toString(),
                "CALLDESK_DATABASE_EMBEDDED_DURABLE", "false");
        Map<String, String> printed;
        ProcessHandle redis;
        ProcessHandle postgres;
        try (Command services = Command.start(dir, "services", env, List.of("services"))) {
            services.awaitOut("Ctrl-C or SIGTERM stops them.", Duration.ofSeconds(120));
            printed = exports(services.out());
            assertEquals(List.of("CALLDESK_DATABASE_URL", "CALLDESK_DATABASE_USER", "CALLDESK_DATABASE_PASSWORD",
                    "CALLDESK_REDIS_URL"), List.copyOf(printed.keySet()), services.out());

            Path file = data.resolve("services.env");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "it holds passwords");
            printed.forEach((key, value) -> {
                try {
                    assertTrue(Files.readAllLines(file).contains(key + "=" + value), key + " in " + file);
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
            redis = pid(data.resolve("redis.pid")).orElseThrow();
            postgres = pid(data.resolve("postgres").resolve("postmaster.pid")).orElseThrow();

            // A node given exactly these variables starts on them: migrates the schema, reaches both.
            JsonObject fromEnv = Config.load(null, printed);
            JsonObject config = Config.merge(TestServer.config(EmbeddedServices.freePort(), dir.resolve("node")),
                    new JsonObject().put("database", fromEnv.getJsonObject("database").copy())
                            .put("redis", fromEnv.getJsonObject("redis").copy()));
            assertFalse(config.getJsonObject("database").getString("url").isEmpty());
            Vertx vertx = Vertx.vertx();
            try {
                Calldesk node = TestServer.await(Calldesk.start(vertx, config, null));
                assertEquals(1, TestServer.await(node.pg().query("SELECT 1 AS one").execute()).iterator().next().getInteger("one"));
                assertTrue(TestServer.await(node.redis().ping()), "Redis answers the node");
                TestServer.await(node.stop());
            } finally {
                TestServer.await(vertx.close());
            }
            assertTrue(redis.isAlive() && postgres.isAlive(), "a node's stop leaves the shared services running");

            services.terminate(Duration.ofSeconds(60));
            assertTrue(services.err().contains("calldesk services stopped"), services.err());
        }
        // Stopped by the command before it exits (PostgreSQL's last processes may take a moment to be reaped).
        org.calldesk.testing.Await.until("Redis and PostgreSQL to be gone", Duration.ofSeconds(30),
                () -> !redis.isAlive() && !postgres.isAlive());
    }

    private static Map<String, String> exports(String out) {
        Map<String, String> env = new LinkedHashMap<>();
        out.lines().filter(line -> line.startsWith("export ")).forEach(line -> {
            String assignment = line.substring("export ".length());
            int eq = assignment.indexOf('=');
            env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        });
        return env;
    }

    private static Optional<ProcessHandle> pid(Path file) throws java.io.IOException {
        String first = Files.readAllLines(file).stream().findFirst().orElse("").trim();
        return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
    }
}

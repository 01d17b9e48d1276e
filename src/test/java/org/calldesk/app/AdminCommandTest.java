package org.calldesk.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.calldesk.TestServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code admin ...} as an operator runs it, against the embedded database on the server's own data directory. */
@ServerTest
class AdminCommandTest {

    private static final Map<String, String> ENV = Map.of("CALLDESK_NEW_PASSWORD", "a long admin passphrase");

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome admin(JsonObject config, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AdminCommand.run(config, List.of(args), ENV, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path dataDir() {
        return Path.of("target", "test-data", "admin-" + UUID.randomUUID()).toAbsolutePath();
    }

    private static JsonObject config(Path dataDir, int embeddedPort) {
        JsonObject config = TestServer.config(EmbeddedServices.freePort(), dataDir);
        config.getJsonObject("database").put("embedded_port", embeddedPort);
        return config;
    }

    @Test
    @DisplayName("create-user and update-user start the embedded database on database.embedded_port, as the server does")
    void configuredPort() {
        int port = EmbeddedServices.freePort();
        JsonObject config = config(dataDir(), port);
        Logger log = (Logger) LoggerFactory.getLogger(EmbeddedServices.class);
        ListAppender<ILoggingEvent> started = new ListAppender<>();
        started.start();
        log.addAppender(started);
        try {
            Outcome created = admin(config, "admin", "create-user", "--username", "first", "--role", "agent",
                    "--interface", "PJSIP/1101", "--queues", "service");
            assertEquals(0, created.code(), created.err());
            assertTrue(created.out().contains("created agent 'first'"), created.out());
            Outcome second = admin(config, "admin", "create-user", "--username", "second", "--role", "agent");
            assertEquals(0, second.code(), second.err());

            Outcome moved = admin(config, "admin", "update-user", "--username", "second",
                    "--interface", "Local/1102@agents", "--queues", "service,vip");
            assertEquals(0, moved.code(), moved.err());
            assertTrue(moved.out().contains("interface Local/1102@agents, queues [service, vip]"), moved.out());

            Outcome taken = admin(config, "admin", "update-user", "--username", "second", "--interface", "pjsip/1101");
            assertEquals(AdminCommand.FAILED, taken.code(), taken.out());
            assertTrue(taken.err().contains("already the phone of first"), taken.err());
            Outcome nobody = admin(config, "admin", "update-user", "--username", "nobody", "--interface", "PJSIP/1103");
            assertEquals(AdminCommand.FAILED, nobody.code());
            assertTrue(nobody.err().contains("no agent 'nobody'"), nobody.err());
        } finally {
            log.detachAppender(started);
        }
        List<String> ports = started.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("embedded PostgreSQL started")).toList();
        assertEquals(5, ports.size(), ports.toString());
        assertTrue(ports.stream().allMatch(m -> m.contains("127.0.0.1:" + port + " ")), ports.toString());
    }

    @Test
    @DisplayName("with a server on the data directory, admin commands refuse with exit code 3 and its database keeps running")
    void serverRunning() {
        Path dir = dataDir();
        EmbeddedServices server = new EmbeddedServices(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(30));
        Vertx vertx = Vertx.vertx();
        try {
            String url = server.startPostgres(dir, 0, false);

            Outcome refused = admin(config(dir, 0), "admin", "create-user", "--username", "late", "--role", "admin");
            Outcome refusedUpdate = admin(config(dir, 0), "admin", "update-user", "--username", "late", "--queues", "vip");

            assertEquals(AdminCommand.IN_USE, refused.code(), refused.out() + refused.err());
            assertTrue(refused.err().contains("is in use by a calldesk"), refused.err());
            assertTrue(refused.err().contains("stop the server first"), refused.err());
            assertEquals(AdminCommand.IN_USE, refusedUpdate.code());
            assertTrue(refusedUpdate.err().contains("PATCH /api/agents/:id"), refusedUpdate.err());
            assertTrue(TestServer.await(server.database(url).migrate(vertx)) >= 0,
                    "the server's PostgreSQL still answers");
        } finally {
            server.stop();
            TestServer.await(vertx.close());
        }
    }

    @Test
    @DisplayName("a PostgreSQL running on the data directory without a calldesk is left alone: the command refuses")
    void postgresRunning() throws Exception {
        Path dir = dataDir();
        try (EmbeddedPostgres running = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(false).start()) {
            Outcome refused = admin(config(dir, 0), "admin", "create-user", "--username", "late", "--role", "admin");

            assertEquals(AdminCommand.IN_USE, refused.code(), refused.out() + refused.err());
            assertTrue(refused.err().contains("PostgreSQL (pid "), refused.err());
            try (var connection = running.getPostgresDatabase().getConnection()) {
                assertTrue(connection.isValid(5), "that PostgreSQL still answers");
            }
        }
    }

    @Test
    @DisplayName("a database.embedded_port taken by another process is refused with exit code 3, naming the port")
    void portTaken() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Outcome refused = admin(config(dataDir(), other.getLocalPort()), "admin", "create-user",
                    "--username", "late", "--role", "admin");

            assertEquals(AdminCommand.IN_USE, refused.code(), refused.out() + refused.err());
            assertTrue(refused.err().contains("port " + other.getLocalPort()), refused.err());
        }
    }

    @Test
    @DisplayName("unknown commands and options, and bad values, are usage errors that touch no database")
    void usageErrors() {
        JsonObject config = config(dataDir(), 0);
        assertEquals(AdminCommand.USAGE, admin(config, "admin", "delete-user", "--username", "x").code());
        assertEquals(AdminCommand.USAGE, admin(config, "admin", "update-user", "--username", "x", "--colour", "red").code());
        assertEquals(AdminCommand.USAGE, admin(config, "admin", "update-user", "--username", "x").code());
        assertEquals(AdminCommand.USAGE, admin(config, "admin", "update-user", "--username", "x", "--interface", "PJSIP 1").code());
        assertEquals(AdminCommand.USAGE, admin(config, "admin", "create-user", "--username", "x", "--interface").code());
    }
}

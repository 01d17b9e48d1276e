package org.calldesk.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.calldesk.TestServer;
import org.calldesk.platform.Database;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The embedded PostgreSQL and Redis run on the same host as other users' processes: neither may let anyone in
 * without the passwords calldesk keeps in {@code data/credentials.properties}, and calldesk's own login is no superuser.
 */
@ServerTest
class EmbeddedAccessTest {

    @Test
    @DisplayName("the embedded PostgreSQL refuses logins without the password; calldesk's role is no superuser and owns only its schema")
    void postgresNeedsPasswords() throws Exception {
        Path dir = dataDir();
        EmbeddedServices server = new EmbeddedServices(Duration.ofSeconds(1), Duration.ofSeconds(30));
        Vertx vertx = Vertx.vertx();
        try {
            String url = server.startPostgres(dir, 0, false);
            String jdbc = "jdbc:" + url;
            for (String user : new String[] {"postgres", "calldesk"}) {
                assertThrows(SQLException.class, () -> DriverManager.getConnection(jdbc, user, null).close(), user + " without a password");
                assertThrows(SQLException.class, () -> DriverManager.getConnection(jdbc, user, "postgres").close(), user + " with a guess");
            }

            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("credentials.properties"))));
            Properties passwords = credentials(dir);

            String appPassword = passwords.getProperty("postgres.calldesk.password");
            assertTrue(TestServer.await(new Database(url, "calldesk", appPassword).migrate(vertx)) > 0, "Flyway runs as calldesk");
            try (Connection app = DriverManager.getConnection(jdbc, "calldesk", appPassword); Statement sql = app.createStatement()) {
                assertEquals("f f f", one(sql, "SELECT concat_ws(' ', rolsuper, rolcreaterole, rolcreatedb) FROM pg_roles WHERE rolname = current_user"));
                assertEquals("calldesk", one(sql, "SELECT current_schema()"));
                assertEquals("0", one(sql, "SELECT count(*) FROM pg_tables WHERE schemaname = 'calldesk' AND tableowner <> 'calldesk'"));
                assertTrue(Integer.parseInt(one(sql, "SELECT count(*) FROM pg_tables WHERE schemaname = 'calldesk'")) > 10);
                assertThrows(SQLException.class, () -> sql.execute("CREATE ROLE intruder LOGIN SUPERUSER"));
                assertThrows(SQLException.class, () -> sql.execute("CREATE TABLE public.elsewhere (i int)"));
                assertThrows(SQLException.class, () -> sql.execute("COPY (SELECT 1) TO PROGRAM 'true'"));
            }
            try (Connection admin = DriverManager.getConnection(jdbc, "postgres", passwords.getProperty("postgres.superuser.password"))) {
                assertTrue(admin.isValid(5), "the superuser's password from the file works for admin tasks");
            }
        } finally {
            server.stop();
            TestServer.await(vertx.close());
        }

        Files.delete(dir.resolve("credentials.properties"));
        IllegalStateException lost = assertThrows(IllegalStateException.class,
            () -> new EmbeddedServices(Duration.ofSeconds(1), Duration.ofSeconds(30)).startPostgres(dir, 0, false));
        assertTrue(lost.getMessage().contains("credentials.properties"), lost.getMessage());
        assertFalse(Files.exists(dir.resolve("credentials.properties")), "no new passwords made over the lost ones");
    }

    @Test
    @DisplayName("the embedded Redis refuses commands without the password, and CONFIG, DEBUG, MODULE and ACL with it")
    void redisNeedsPassword() throws Exception {
        Path dir = dataDir();
        EmbeddedServices server = new EmbeddedServices(Duration.ofSeconds(1), Duration.ofSeconds(30));
        try {
            URI url = URI.create(server.startRedis(dir, 0));
            try (Jedis anonymous = new Jedis(url.getHost(), url.getPort())) {
                JedisDataException refused = assertThrows(JedisDataException.class, () -> anonymous.set("k", "v"));
                assertTrue(refused.getMessage().startsWith("NOAUTH"), refused.getMessage());
            }
            String password = credentials(dir).getProperty("redis.password");
            assertEquals(":" + password, url.getUserInfo(), "calldesk's own URL carries the password");
            try (Jedis redis = new Jedis(url.getHost(), url.getPort())) {
                redis.auth(password);
                assertEquals("OK", redis.set("k", "v"));
                assertEquals("v", redis.get("k"));
                assertNoPermission(() -> redis.configGet("dir"));
                assertNoPermission(() -> redis.configSet("dir", "/tmp"));
                assertNoPermission(() -> redis.sendCommand(command("DEBUG"), "SLEEP", "0"));
                assertNoPermission(() -> redis.sendCommand(command("MODULE"), "LIST"));
                assertNoPermission(() -> redis.sendCommand(command("ACL"), "SETUSER", "default", "+config"));
            }
        } finally {
            server.stop();
        }
    }

    @Test
    @DisplayName("a data directory an older calldesk left trusting everyone is secured at the next start, its data kept")
    void olderDirectorySecured() throws Exception {
        Path dir = dataDir();
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(false).start()) {
            Flyway.configure().dataSource(old.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
            try (Connection c = old.getPostgresDatabase().getConnection(); Statement sql = c.createStatement()) {
                sql.execute("INSERT INTO agents (username, display_name, role, password_hash) VALUES ('old', 'Old Agent', 'agent', 'x')");
            }
        }
        EmbeddedServices server = new EmbeddedServices(Duration.ofSeconds(1), Duration.ofSeconds(30));
        Vertx vertx = Vertx.vertx();
        try {
            String url = server.startPostgres(dir, 0, false);
            String jdbc = "jdbc:" + url;
            assertThrows(SQLException.class, () -> DriverManager.getConnection(jdbc, "postgres", null).close(), "no more trust");

            Properties passwords = credentials(dir);
            String appPassword = passwords.getProperty("postgres.calldesk.password");
            assertEquals(0, TestServer.await(new Database(url, "calldesk", appPassword).migrate(vertx)),
                "Flyway found its history in calldesk's schema");
            try (Connection app = DriverManager.getConnection(jdbc, "calldesk", appPassword); Statement sql = app.createStatement()) {
                assertEquals("Old Agent", one(sql, "SELECT display_name FROM agents WHERE username = 'old'"));
                sql.execute("INSERT INTO agents (username, display_name, role, password_hash) VALUES ('new', 'New Agent', 'agent', 'x')");
                assertEquals("0", one(sql, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
            }
            String hba = Files.readString(dir.resolve("postgres").resolve("pg_hba.conf"));
            assertFalse(hba.lines().anyMatch(line -> !line.startsWith("#") && line.strip().endsWith("trust")), hba);
        } finally {
            server.stop();
            TestServer.await(vertx.close());
        }
    }

    @Test
    @DisplayName("a Redis or PostgreSQL that died and was started again by the supervisor still asks for the passwords and still refuses CONFIG")
    void restartsKeepThePasswords() throws Exception {
        Path dir = dataDir();
        EmbeddedServices server = new EmbeddedServices(Duration.ofMillis(100), Duration.ofSeconds(2));
        try {
            String jdbc = "jdbc:" + server.startPostgres(dir, 0, false);
            URI url = URI.create(server.startRedis(dir, 0));
            Properties passwords = credentials(dir);
            String appPassword = passwords.getProperty("postgres.calldesk.password");
            String redisPassword = passwords.getProperty("redis.password");

            ProcessHandle postgres = livePid(dir.resolve("postgres").resolve("postmaster.pid"));
            ProcessHandle redis = livePid(dir.resolve("redis.pid"));
            postgres.destroyForcibly();
            redis.destroyForcibly();
            Await.until("PostgreSQL started again and calldesk's password taken", Duration.ofSeconds(60), () -> {
                try (Connection app = DriverManager.getConnection(jdbc, "calldesk", appPassword)) {
                    return app.isValid(2);
                } catch (SQLException notYet) {
                    return false;
                }
            });
            Await.until("Redis started again and its password taken", Duration.ofSeconds(30), () -> {
                try (Jedis again = new Jedis(url.getHost(), url.getPort())) {
                    again.auth(redisPassword);
                    return "PONG".equals(again.ping());
                } catch (redis.clients.jedis.exceptions.JedisException notYet) {
                    return false;
                }
            });
            assertTrue(livePid(dir.resolve("redis.pid")).pid() != redis.pid(), "a new Redis");
            assertTrue(livePid(dir.resolve("postgres").resolve("postmaster.pid")).pid() != postgres.pid(), "a new PostgreSQL");

            for (String user : new String[] {"postgres", "calldesk"}) {
                assertThrows(SQLException.class, () -> DriverManager.getConnection(jdbc, user, null).close(), user + " without a password");
            }
            try (Connection app = DriverManager.getConnection(jdbc, "calldesk", appPassword); Statement sql = app.createStatement()) {
                assertEquals("f", one(sql, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
            }
            try (Jedis anonymous = new Jedis(url.getHost(), url.getPort())) {
                JedisDataException refused = assertThrows(JedisDataException.class, () -> anonymous.set("k", "v"));
                assertTrue(refused.getMessage().startsWith("NOAUTH"), refused.getMessage());
            }
            try (Jedis again = new Jedis(url.getHost(), url.getPort())) {
                again.auth(redisPassword);
                assertNoPermission(() -> again.configGet("dir"));
                assertNoPermission(() -> again.sendCommand(command("MODULE"), "LIST"));
            }
        } finally {
            server.stop();
        }
    }

    private static ProcessHandle livePid(Path pidFile) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElseThrow(() -> new AssertionError("pid " + pid + " of " + pidFile + " is not running"));
    }

    private static void assertNoPermission(org.junit.jupiter.api.function.Executable command) {
        JedisDataException refused = assertThrows(JedisDataException.class, command);
        assertTrue(refused.getMessage().startsWith("NOPERM"), refused.getMessage());
    }

    /** By name, as a client that knows nothing of Jedis's command list would send it. */
    private static ProtocolCommand command(String name) {
        return () -> name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String one(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            assertTrue(rows.next(), query);
            return rows.getString(1);
        }
    }

    private static Properties credentials(Path dir) throws IOException {
        Properties passwords = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("credentials.properties"))) {
            passwords.load(in);
        }
        return passwords;
    }

    private static Path dataDir() {
        return Path.of("target", "test-data", "access-" + UUID.randomUUID()).toAbsolutePath();
    }
}

package org.calldesk.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.agents.Passwords;
import org.calldesk.platform.Config;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 10, item 11: demo accounts do not outlive demo mode, and demo mode does not face the network by accident. */
@ServerTest
class DemoAccountsTest {

    private static JsonObject config(Path dataDir, boolean demo) {
        JsonObject config = TestServer.config(EmbeddedServices.freePort(), dataDir);
        config.getJsonObject("demo").put("enabled", demo).put("customers", 20).put("calls_per_minute", 0);
        return config;
    }

    @Test
    @DisplayName("turning demo mode off on a data dir once started in demo mode disables the demo users, says so, and on again brings them back")
    void demoOffDisablesDemoUsers() {
        Vertx vertx = Vertx.vertx();
        Path dataDir = Path.of("target", "test-data", "demo-off-" + UUID.randomUUID());
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger demoLog = (Logger) LoggerFactory.getLogger(DemoData.class);
        try {
            Calldesk demo = TestServer.await(Calldesk.start(vertx, config(dataDir, true), null));
            try {
                assertTrue(TestServer.await(demo.agents().authenticate("admin", DemoData.PASSWORD)).isPresent());
            } finally {
                TestServer.await(demo.stop());
            }

            log.start();
            demoLog.addAppender(log);
            Calldesk production = TestServer.await(Calldesk.start(vertx, config(dataDir, false), null));
            try {
                for (String user : new String[]{"admin", "supervisor", "agent1", "agent8"}) {
                    assertTrue(TestServer.await(production.agents().authenticate(user, DemoData.PASSWORD)).isEmpty(), user);
                }
                Row agent1 = TestServer.await(production.pg().preparedQuery("SELECT active, interface FROM agents WHERE username = $1")
                        .execute(Tuple.of("agent1"))).iterator().next();
                assertFalse(agent1.getBoolean("active"));
                assertNull(agent1.getString("interface"), "the demo phone is free for a real agent");
                assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("disabled the demo users")
                        && e.getFormattedMessage().contains("admin")), "the disabling is logged");
            } finally {
                TestServer.await(production.stop());
            }

            Calldesk demoAgain = TestServer.await(Calldesk.start(vertx, config(dataDir, true), null));
            try {
                assertTrue(TestServer.await(demoAgain.agents().authenticate("admin", DemoData.PASSWORD)).isPresent());
                assertEquals("PJSIP/1001", TestServer.await(demoAgain.agents().authenticate("agent1", DemoData.PASSWORD))
                        .orElseThrow().iface());
            } finally {
                TestServer.await(demoAgain.stop());
            }
        } finally {
            demoLog.detachAppender(log);
            TestServer.await(vertx.close());
        }
    }

    @Test
    @DisplayName("outside demo mode an account whose password is the demo password cannot log in, whatever its name")
    void demoPasswordRefusedOutsideDemoMode() {
        TestServer server = TestServer.get();
        String hash = new Passwords(1000).hash(DemoData.PASSWORD);
        TestServer.await(server.server.pg().preparedQuery(
                "INSERT INTO agents (username, display_name, role, password_hash) VALUES ('old-demo', 'Old Demo', 'admin', $1)")
                .execute(Tuple.of(hash)));
        var login = Http.anonymous().post("/api/login", new JsonObject().put("username", "old-demo").put("password", DemoData.PASSWORD));
        assertEquals(401, login.statusCode(), login.bodyAsString());
    }

    @Test
    @DisplayName("demo mode on an address other than loopback refuses to start, naming the key that allows it")
    void demoRefusedOnNetwork() {
        Vertx vertx = Vertx.vertx();
        JsonObject config = config(Path.of("target", "test-data", "demo-net-" + UUID.randomUUID()), true);
        // TEST-NET-1: never an address of this machine, so nothing can listen there even if the check were missing.
        config.getJsonObject("http").put("host", "192.0.2.10");
        try {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> TestServer.await(Calldesk.start(vertx, config, null)));
            assertTrue(refused.getMessage().startsWith("demo mode refused"), refused.getMessage());
            assertTrue(refused.getMessage().contains("demo.allow_on_network"), refused.getMessage());
        } finally {
            TestServer.await(vertx.close());
        }
    }

    @Test
    @DisplayName("demo mode serves loopback addresses freely, and the network only when allow_on_network says so")
    void whereDemoModeMayRun() {
        for (String host : new String[]{"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"}) {
            assertNull(DemoData.refusal(demo(true, false), http(host)), host);
        }
        for (String host : new String[]{"0.0.0.0", "::", "10.0.0.5", "calldesk.example.com", "127.0.0.1.example.com"}) {
            assertTrue(DemoData.refusal(demo(true, false), http(host)) != null, host);
            assertNull(DemoData.refusal(demo(true, true), http(host)), host + " with allow_on_network");
            assertNull(DemoData.refusal(demo(false, false), http(host)), host + " without demo mode");
        }
    }

    private static DemoSettings demo(boolean enabled, boolean allowOnNetwork) {
        JsonObject config = Config.defaults();
        config.getJsonObject("demo").put("enabled", enabled).put("allow_on_network", allowOnNetwork);
        return Settings.from(config).demo();
    }

    private static org.calldesk.platform.HttpSettings http(String host) {
        JsonObject config = Config.defaults();
        config.getJsonObject("http").put("host", host);
        return Settings.from(config).http();
    }
}

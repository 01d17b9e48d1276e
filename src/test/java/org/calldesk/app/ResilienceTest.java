package org.calldesk.app;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.agents.AgentStore;
import org.calldesk.platform.Role;
import org.calldesk.testing.TestRedis;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class ResilienceTest {

    @Test
    @DisplayName("with Redis stopped the node stays live and ready, health says it is DEGRADED by Redis, and lookups still answer from PostgreSQL")
    void redisDown() {
        Http admin = Http.as("admin");
        admin.postText("/api/customers/import", "RES-1,Redis Down,+86 132 0000 1111,,10,1,,,\n");
        TestRedis redis = TestServer.get().redis;
        redis.stop();
        try {
            var health = Http.anonymous().get("/health");
            assertEquals(200, health.statusCode(), "a node without its cache still takes traffic: " + health.bodyAsString());
            JsonObject checks = health.bodyAsJsonObject().getJsonObject("checks");
            assertEquals("DOWN", checks.getString("redis"));
            assertEquals("UP", checks.getString("postgres"));
            assertEquals("DEGRADED", health.bodyAsJsonObject().getString("status"));
            assertNull(health.bodyAsJsonObject().getValue("reasons"), "why is for admins and the scraper only");
            var detail = admin.get("/health");
            assertEquals(200, detail.statusCode(), detail.bodyAsString());
            assertTrue(detail.bodyAsJsonObject().getJsonObject("reasons").containsKey("redis"), detail.bodyAsString());
            var ready = Http.anonymous().get("/health/ready");
            assertEquals(200, ready.statusCode(), ready.bodyAsString());
            assertEquals(200, Http.anonymous().get("/health/live").statusCode());

            var found = admin.get("/api/customers?phone=13200001111");
            assertEquals(200, found.statusCode(), found.bodyAsString());
            assertEquals("Redis Down", found.bodyAsJsonObject().getString("name"));
            assertEquals(200, admin.get("/api/me").statusCode(), "a session made before the outage goes on on its node");
            var login = Http.anonymous().post("/api/login", new JsonObject().put("username", "agent1")
                    .put("password", TestServer.PASSWORD));
            assertEquals(503, login.statusCode(), "sessions live in Redis: a new login waits for it, saying so: "
                    + login.bodyAsString());
        } finally {
            redis.restart();
        }
        var health = Http.anonymous().get("/health");
        assertEquals(200, health.statusCode(), health.bodyAsString());
        assertEquals("UP", health.bodyAsJsonObject().getJsonObject("checks").getString("redis"));
        assertEquals("UP", health.bodyAsJsonObject().getString("status"));
    }

    @Test
    @DisplayName("migrations apply to an empty database, and a restart on the same data dir keeps the data")
    void restartKeepsData() {
        Vertx vertx = Vertx.vertx();
        Path dataDir = Path.of("target", "test-data", "restart-" + UUID.randomUUID());
        JsonObject config = TestServer.config(EmbeddedServices.freePort(), dataDir);
        try {
            Calldesk first = TestServer.await(Calldesk.start(vertx, config.copy(), null));
            long migrations = TestServer.await(first.pg().query(
                    "SELECT count(*) AS n FROM flyway_schema_history WHERE success").execute()).iterator().next().getLong("n");
            assertTrue(migrations >= 1);
            TestServer.await(first.agents().create(new AgentStore.NewAgent("keeper", "K", Role.ADMIN, null, List.of(), List.of(), null), TestServer.PASSWORD));
            TestServer.await(first.customers().importCsv("KEEP-1,Kept Customer,+86 134 5555 6666,,10,1,,,\n"));
            TestServer.await(first.stop());

            Calldesk second = TestServer.await(Calldesk.start(vertx, config.copy(), null));
            try {
                var kept = TestServer.await(second.customers().byPhone("13455556666"));
                assertEquals("Kept Customer", kept.orElseThrow().name());
                assertTrue(TestServer.await(second.agents().authenticate("keeper", TestServer.PASSWORD)).isPresent());
            } finally {
                TestServer.await(second.stop());
            }
        } finally {
            TestServer.await(vertx.close());
        }
    }

    @Test
    @DisplayName("a start-up that cannot reach PostgreSQL fails fast and names what failed")
    void failsFast() {
        Vertx vertx = Vertx.vertx();
        JsonObject config = TestServer.config(EmbeddedServices.freePort(), Path.of("target", "test-data", "bad-" + UUID.randomUUID()));
        config.getJsonObject("database").put("url", "postgresql://127.0.0.1:" + EmbeddedServices.freePort() + "/none")
                .put("user", "x").put("password", "y");
        try {
            RuntimeException failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> TestServer.await(Calldesk.start(vertx, config, null)));
            assertTrue(failure.getMessage().startsWith("database migrations failed"), failure.getMessage());
        } finally {
            TestServer.await(vertx.close());
        }
    }
}

package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.calldesk.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routing warm-up of a starting server: held up here by a lock on the customers' phones, which every route
 * reads, so that the test can look at the server while it warms.
 */
@ServerTest
class RoutingWarmUpTest {

    @Test
    @DisplayName("health is not UP and FastAGI takes no call until routing is warm; then every pooled connection has the route's statements prepared, and warm-up left nothing behind")
    void healthWaitsForWarmUp() throws IOException {
        Vertx vertx = Vertx.vertx();
        TestDatabase database = TestDatabase.start();
        JsonObject config = TestServer.config(EmbeddedServices.freePort(), Path.of("target", "test-data", "warmup-" + UUID.randomUUID()));
        config.put("database", config.getJsonObject("database").mergeIn(database.serverConfig()));
        config.getJsonObject("http").put("scrape_token", "warm-up-scrape");
        int httpPort = config.getJsonObject("http").getInteger("port");
        int agiPort = config.getJsonObject("telephony").getJsonObject("agi").getInteger("port");
        Pool own = database.pool(vertx);
        WebClient web = WebClient.create(vertx);
        Calldesk server = null;
        try {
            long customer = TestServer.await(own.preparedQuery("""
                    INSERT INTO customers (external_id, name, revenue_12m, cost_12m, tier, lifecycle)
                    VALUES ('WU-1', 'Warm Gold', 1000, 100, 'gold', 'active') RETURNING id""").execute())
                    .iterator().next().getLong("id");
            TestServer.await(own.preparedQuery("INSERT INTO customer_phones (e164, customer_id, raw) VALUES ($1, $2, $1)")
                    .execute(Tuple.of("+8613750000001", customer)));
            SqlConnection lock = TestServer.await(own.getConnection());
            TestServer.await(lock.query("BEGIN").execute()
                    .compose(v -> lock.query("LOCK TABLE customer_phones IN ACCESS EXCLUSIVE MODE").execute()));

            Future<Calldesk> starting = Calldesk.start(vertx, config, null);
            Await.until("health to answer while routing warms up", Duration.ofSeconds(15), () -> {
                try {
                    return TestServer.await(web.get(httpPort, "127.0.0.1", "/health").send()).statusCode() == 503;
                } catch (RuntimeException refused) {
                    return false;
                }
            });
            JsonObject health = TestServer.await(web.get(httpPort, "127.0.0.1", "/health")
                    .bearerTokenAuthentication("warm-up-scrape").send()).bodyAsJsonObject();
            assertEquals("DOWN", health.getJsonObject("checks").getString("telephony"), health.encode());
            assertTrue(health.getJsonObject("reasons").getString("telephony").contains("warming up"), health.encode());
            assertThrows(ConnectException.class, () -> {
                try (Socket agi = new Socket()) {
                    agi.connect(new InetSocketAddress("127.0.0.1", agiPort), 2000);
                }
            }, "FastAGI does not listen before routing is warm");
            assertFalse(starting.isComplete());

            TestServer.await(lock.query("ROLLBACK").execute().eventually(lock::close));
            server = TestServer.await(starting);
            Await.until("health UP", Duration.ofSeconds(10),
                    () -> TestServer.await(web.get(httpPort, "127.0.0.1", "/health").send()).statusCode() == 200);

            Pool pg = server.pg();
            int size = server.settings().database().poolSize();
            List<Future<SqlConnection>> held = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                held.add(pg.getConnection());
            }
            List<SqlConnection> connections = TestServer.await(Future.all(held)).list();
            try {
                for (SqlConnection connection : connections) {
                    List<String> prepared = new ArrayList<>();
                    for (Row row : TestServer.await(connection.query("SELECT statement FROM pg_prepared_statements").execute())) {
                        prepared.add(row.getString("statement"));
                    }
                    assertTrue(prepared.stream().anyMatch(s -> s.contains("FROM calls k")
                            && s.contains("p.e164 = ANY($1::text[])")), "calls in 24 h: " + prepared);
                    assertTrue(prepared.stream().anyMatch(s -> s.contains("FROM customers c LEFT JOIN agents a")
                            && s.contains("asked.e164 = ANY($1::text[])")), "cards by phone: " + prepared);
                    assertTrue(prepared.stream().anyMatch(s -> s.contains("JOIN complaints c ON c.customer_id = asked.customer_id")
                            && s.contains("asked.e164 = ANY($1::text[])")), "open complaints by phone: " + prepared);
                }
            } finally {
                connections.forEach(SqlConnection::close);
            }

            List<String> cards = TestServer.await(server.redis().call(jedis -> List.copyOf(jedis.keys("cd:card:*"))));
            assertEquals(List.of(), cards, "warm-up leaves no cards in Redis");
            long decisions = TestServer.await(pg.query("SELECT count(*) AS n FROM route_decisions").execute())
                    .iterator().next().getLong("n");
            assertEquals(0, decisions, "warm-up routes no call");
        } finally {
            if (server != null) {
                TestServer.await(server.stop());
            }
            TestServer.await(own.close());
            TestServer.await(vertx.close());
            database.close();
        }
    }
}

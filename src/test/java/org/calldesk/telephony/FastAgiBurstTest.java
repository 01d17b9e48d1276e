package org.calldesk.telephony;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.TestServer;
import org.calldesk.app.Calldesk;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.app.Main;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst of FastAGI route requests at once, more than Asterisk-Java's default pool (500 threads, no queue) holds:
 * every caller gets an answer, the known ones are routed by their value, and their facts are read (and decisions
 * written) in batches, not a few statements per caller. On a server of its own: a burst leaves
 * Redis connections open in the server's pool, which would fail once each after another test restarts Redis.
 */
@ServerTest
class FastAgiBurstTest {

    private static final int CALLERS = 600;

    @Test
    @DisplayName("600 route requests at once: none refused, at least 95 % routed by the caller's value with fewer SQL statements than callers, FastAGI healthy after")
    void burst() throws Exception {
        PrometheusMeterRegistry registry = Main.registry();
        Vertx vertx = Main.vertx(registry);
        JsonObject config = TestServer.config(EmbeddedServices.freePort(), Path.of("target", "test-data", "burst-" + UUID.randomUUID()));
        // More sessions at once than the shipped pool runs, so that routing itself sees a burst to batch; the rest of
        // the burst still waits in the queue.
        config.getJsonObject("telephony").getJsonObject("agi").put("threads", 100);
        Calldesk server = TestServer.await(Calldesk.start(vertx, config, registry));
        try {
            burst(server, config.getJsonObject("http").getInteger("port"), vertx, registry);
        } finally {
            TestServer.await(server.stop());
            TestServer.await(vertx.close());
        }
    }

    private static void burst(Calldesk server, int httpPort, Vertx vertx, PrometheusMeterRegistry registry) throws Exception {
        Map<String, Long> customers = customers(server.pg(), CALLERS);
        long statementsBefore = statements(registry);
        int port = server.agi().port();
        CountDownLatch allSent = new CountDownLatch(CALLERS);
        List<Future<Map<String, String>>> sessions = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            int n = 0;
            for (String number : customers.keySet()) {
                String uniqueid = "1795400000." + n++;
                String request = AgiClient.request(port, "route", number, uniqueid, "service");
                // Every session stays open at its first command until all requests are out: then the burst really is
                // concurrent however the machine schedules the callers' threads.
                sessions.add(callers.submit(() -> AgiClient.session(port, request, Map.of(), 60_000, allSent::countDown,
                        () -> awaitQuietly(allSent))));
            }
        }
        int refused = 0;
        int byValue = 0;
        List<String> notByValue = new ArrayList<>();
        int i = 0;
        for (String number : customers.keySet()) {
            Map<String, String> vars = sessions.get(i++).get();
            if (vars.isEmpty()) {
                refused++;
            } else if (customers.get(number).toString().equals(vars.get("CALLDESK_CUSTOMER"))
                    && "20".equals(vars.get("QUEUE_PRIO"))) {
                byValue++;
            } else if (notByValue.size() < 5) {
                notByValue.add(number + ": " + vars.get("CALLDESK_REASON"));
            }
        }
        assertEquals(0, refused, "sessions the server closed without routing");
        assertTrue(byValue >= CALLERS * 95 / 100, byValue + " of " + CALLERS + " routed by value; e.g. " + notByValue);
        // One by one, each caller costs four statements (card, calls in 24 h, complaints, the decision): 2400. Batched,
        // far fewer; how few depends on how the machine schedules the burst (and the server's own background queries
        // count too), so the bound is half the unbatched cost, which only batching can meet.
        long statements = statements(registry) - statementsBefore;
        assertTrue(statements < CALLERS * 2, statements + " SQL statements for " + CALLERS + " callers");
        JsonObject health = TestServer.await(WebClient.create(vertx).get(httpPort, "127.0.0.1", "/health").send()).bodyAsJsonObject();
        assertEquals("UP", health.getJsonObject("checks").getString("fastagi"), health.encode());
    }

    /** SQL statements the server's pool has completed so far. */
    private static long statements(PrometheusMeterRegistry registry) {
        return registry.find("vertx.sql.processing.time").timers().stream().mapToLong(Timer::count).sum();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not every request of the burst was sent");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Gold customers with numbers of their own, written in two statements; customer id by E.164. */
    private static Map<String, Long> customers(Pool pg, int count) {
        TestServer.await(pg.preparedQuery("""
                INSERT INTO customers (external_id, name, revenue_12m, cost_12m, tier, lifecycle)
                SELECT 'BURST-' || i, 'Burst Caller ' || i, 1000, 100, 'gold', 'active' FROM generate_series(1, $1) i
                """).execute(Tuple.of(count)));
        TestServer.await(pg.preparedQuery("""
                INSERT INTO customer_phones (e164, customer_id, raw)
                SELECT '+861355' || lpad(i::text, 7, '0'), c.id, '+861355' || lpad(i::text, 7, '0')
                FROM generate_series(1, $1) i JOIN customers c ON c.external_id = 'BURST-' || i""").execute(Tuple.of(count)));
        Map<String, Long> byNumber = new LinkedHashMap<>();
        for (Row row : TestServer.await(pg.query("SELECT e164, customer_id FROM customer_phones ORDER BY e164").execute())) {
            byNumber.put(row.getString("e164"), row.getLong("customer_id"));
        }
        return byNumber;
    }
}

package org.calldesk.calls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.TestServer;
import org.calldesk.app.Calldesk;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.Config;
import org.calldesk.telephony.AgiClient;
import org.calldesk.telephony.LiveCall;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.calldesk.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL stopped under a running server for longer than the whole retry schedule (a short one, from config),
 * and started again: nothing that ended meanwhile is lost. A server and a PostgreSQL of the test's own.
 */
@ServerTest
class OutboxTest {

    /** The store used to give a call up after this many tries; the outages below outlast that many failures. */
    private static final int TRIES_BEFORE = 8;
    private static final String CALLER_1 = "+8613610000001";
    private static final String CALLER_2 = "+8613610000002";

    private Vertx vertx;
    private TestDatabase db;
    private static final String SCRAPE_TOKEN = "outbox-test-scrape";

    private JsonObject config;
    private PrometheusMeterRegistry meters;
    private Calldesk server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        db = TestDatabase.start();
        config = TestServer.config(EmbeddedServices.freePort(), Path.of("target", "test-data", "outbox-" + UUID.randomUUID()));
        config = Config.merge(config, new JsonObject()
                .put("database", db.serverConfig())
                // /metrics is for the scraper (or an admin) only.
                .put("http", new JsonObject().put("scrape_token", SCRAPE_TOKEN))
                .put("calls", new JsonObject().put("outbox", new JsonObject()
                        .put("retry_first_ms", 20).put("retry_max_ms", 100)))
                .put("telephony", new JsonObject()
                        .put("agi", new JsonObject().put("port", EmbeddedServices.freePort()))
                        .put("sim", new JsonObject().put("ami_port", EmbeddedServices.freePort()))));
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = TestServer.await(Calldesk.start(vertx, config.copy(), meters));
        TestServer.await(server.customers().importCsv("""
                OB-1,Outbox One,+86 136 1000 0001,,5000,1,,,
                OB-2,Outbox Two,+86 136 1000 0002,,100,1,,,
                """));
        Await.until("the AMI link", Duration.ofSeconds(10), () -> server.liveView().linkUp());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                TestServer.await(server.stop());
            }
            TestServer.await(vertx.close());
        } finally {
            db.close();
        }
    }

    @Test
    @DisplayName("calls that end while PostgreSQL is down for longer than the retry schedule are each stored once, in order, when it is back; a callback asked for meanwhile is kept too")
    void longOutage() throws Exception {
        db.stop();
        List<String> ended = new ArrayList<>();
        ended.add(abandoned(CALLER_1));
        ended.add(abandoned("+8613610009999"));
        ended.add(abandoned(CALLER_2));
        ended.add(abandoned(CALLER_1));
        String callback = callback(CALLER_2, "1796000000.1");
        Await.until("writes to fail more often than the old retry schedule allowed", Duration.ofSeconds(30),
                () -> storeFailures() >= TRIES_BEFORE * ended.size());

        db.restart();
        Await.until("every call stored", Duration.ofSeconds(30), () -> storedOf(ended).size() == ended.size());
        assertEquals(ended, storedOf(ended), "stored in the order they ended");
        assertEquals(3, count("SELECT count(*) FROM interactions WHERE linkedid = ANY($1)", ended),
                "each known caller's call once in their history");
        assertEquals(3, count("SELECT count(*) FROM calls WHERE linkedid = ANY($1) AND customer_id IS NOT NULL", ended),
                "known callers linked to their customer");

        assertEquals("OK", callback, "the caller was told the callback is booked");
        Await.until("the callback stored", Duration.ofSeconds(10),
                () -> count("SELECT count(*) FROM callbacks WHERE caller_number = ANY($1)", List.of(CALLER_2)) == 1);
        Await.until("the outbox empty", Duration.ofSeconds(10), () -> outboxDepth() == 0);
    }

    @Test
    @DisplayName("calls still in the outbox when the server stops are stored by the next start; meanwhile health and metrics show how many wait")
    void drainedAtNextStart() throws Exception {
        db.stop();
        List<String> ended = List.of(abandoned(CALLER_1), abandoned(CALLER_2));
        Await.until("both calls in the outbox", Duration.ofSeconds(10), () -> outboxDepth() == 2);

        JsonObject health = health();
        assertEquals("DOWN", health.getJsonObject("checks").getString("postgres"));
        assertEquals(2, health.getJsonObject("details").getJsonObject("outbox").getInteger("depth"));
        String metrics = TestServer.await(WebClient.create(vertx).get(port(), "127.0.0.1", "/metrics")
                .putHeader("Authorization", "Bearer " + SCRAPE_TOKEN).send()).bodyAsString();
        assertTrue(metrics.contains("calldesk_outbox_depth 2.0"), metrics);

        TestServer.await(server.stop());
        server = null;
        db.restart();
        server = TestServer.await(Calldesk.start(vertx, config.copy(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        Await.until("the calls kept on disk stored", Duration.ofSeconds(30), () -> storedOf(ended).size() == 2);
        Await.until("the outbox empty", Duration.ofSeconds(10), () -> outboxDepth() == 0);
        assertEquals("UP", health().getJsonObject("checks").getString("outbox"));
    }

    /** A call that queues (nobody is logged in) and is hung up; returns once calldesk has seen it end. */
    private String abandoned(String from) {
        String linkedid = TestServer.await(server.simulator().placeCall(from, "service"));
        Await.until("call " + linkedid + " queued", Duration.ofSeconds(10), () -> phase(linkedid) == LiveCall.Phase.QUEUED);
        TestServer.await(server.simulator().hangup(linkedid));
        Await.until("call " + linkedid + " ended", Duration.ofSeconds(10), () -> phase(linkedid) == null);
        return linkedid;
    }

    private String callback(String caller, String uniqueid) throws Exception {
        int agi = config.getJsonObject("telephony").getJsonObject("agi").getInteger("port");
        return AgiClient.converse(agi, AgiClient.request(agi, "callback", caller, uniqueid, ""),
                Map.of("CHANNEL(linkedid)", uniqueid)).get("CALLDESK_CALLBACK");
    }

    private LiveCall.Phase phase(String linkedid) {
        return TestServer.await(server.liveView().call(linkedid)).map(LiveCall::phase).orElse(null);
    }

    private double storeFailures() {
        return meters.find("calldesk.store.failures").tag("kind", "call").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private int outboxDepth() {
        return health().getJsonObject("details").getJsonObject("outbox").getInteger("depth");
    }

    private JsonObject health() {
        return TestServer.await(WebClient.create(vertx).get(port(), "127.0.0.1", "/health").send()).bodyAsJsonObject();
    }

    private int port() {
        return config.getJsonObject("http").getInteger("port");
    }

    /**
     * Those of these calls stored, in the order they were written: each write is a transaction of its own, and
     * PostgreSQL numbers transactions in the order they start.
     */
    private List<String> storedOf(List<String> linkedids) {
        List<String> stored = new ArrayList<>();
        for (Row row : TestServer.await(server.pg().preparedQuery(
                "SELECT linkedid FROM calls WHERE linkedid = ANY($1) ORDER BY xmin::text::bigint")
                .execute(Tuple.of(linkedids.toArray(String[]::new))))) {
            stored.add(row.getString(0));
        }
        return stored;
    }

    /** {@code sql} counts rows whose column is {@code = ANY($1)} of the values. */
    private long count(String sql, List<String> values) {
        return TestServer.await(server.pg().preparedQuery(sql).execute(Tuple.of(values.toArray(String[]::new))))
                .iterator().next().getLong(0);
    }
}

package org.calldesk.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.calldesk.TestServer;
import org.calldesk.app.Calldesk;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.Config;
import org.calldesk.sim.SimSettings;
import org.calldesk.sim.SwitchSimulator;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.QueueLogLine;
import org.calldesk.testing.Await;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.ServerTest;
import org.calldesk.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator plays Asterisk with its queue_log on; calldesk is started after some calls, and its AMI link is
 * cut while others run. Every call must end up in the call log once, with the outcome it really had.
 */
@ServerTest
class ReconcileEndToEndTest {

    static {
        QuietLogs.apply();
    }

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String A = "+8613920000001";
    private static final String B = "+8613920000002";
    private static final String C = "+8613920000003";
    private static final String D = "+8613920000004";
    private static final String E = "+8613920000005";
    private static final String F = "+8613920000006";

    @TempDir
    static Path dir;
    private static Path queueLog;
    private static Vertx vertx;
    private static TestDatabase db;
    private static SwitchSimulator sim;
    private static Calldesk server;
    private static long customerA;

    @BeforeAll
    static void callsBeforeCalldesk() throws Exception {
        vertx = Vertx.vertx();
        db = TestDatabase.start();
        queueLog = dir.resolve("queue_log");
        JsonObject config = config();
        Pool pool = db.pool(vertx);
        try {
            TestServer.await(pool.query("""
                INSERT INTO agents (username, display_name, role, password_hash, interface, queues) VALUES
                    ('agent1', 'Agent One', 'agent', 'x', 'PJSIP/1001', '{service}'),
                    ('agent2', 'Agent Two', 'agent', 'x', 'PJSIP/1002', '{service}')""").execute());
            customerA = TestServer.await(pool.query(
                "INSERT INTO customers (external_id, name, tier) VALUES ('REC-A', 'Recon A', 'silver') RETURNING id")
                .execute()).iterator().next().getLong(0);
            TestServer.await(pool.preparedQuery("INSERT INTO customer_phones (e164, customer_id, raw) VALUES ($1, $2, $1)")
                .execute(Tuple.of(A, customerA)));
        } finally {
            TestServer.await(pool.close());
        }

        sim = new SwitchSimulator(vertx, SimSettings.from(config));
        TestServer.await(sim.start());
        // Nothing answers FastAGI yet: the dialplan sends every caller to its default queue, service.
        call(A);
        Await.until("A answered", WAIT, () -> logged(A, "CONNECT"));
        phonesAnswer(false);
        String b = call(B);
        Await.until("B waiting", WAIT, () -> logged(B, "ENTERQUEUE"));
        TestServer.await(sim.hangup(b));
        phonesAnswer(true);
        Await.until("A and B ended in the queue_log", WAIT, () -> logged(A, "COMPLETEAGENT") && logged(B, "ABANDON"));

        server = TestServer.await(Calldesk.start(vertx, config, null));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            TestServer.await(server.stop());
        }
        if (sim != null) {
            TestServer.await(sim.stop());
        }
        TestServer.await(vertx.close());
        db.close();
    }

    private static JsonObject config() {
        JsonObject config = TestServer.config(EmbeddedServices.freePort(),
            Path.of("target", "test-data", "reconcile-" + UUID.randomUUID()));
        int amiPort = EmbeddedServices.freePort();
        JsonArray queues = Config.defaults().getJsonObject("telephony").getJsonArray("queues").copy();
        JsonObject service = queues.getJsonObject(0);
        service.put("wrapup_s", 0).put("retry_s", 1).put("members", new JsonArray()
            .add(new JsonObject().put("interface", "PJSIP/1001").put("name", "Agent One"))
            .add(new JsonObject().put("interface", "PJSIP/1002").put("name", "Agent Two")));
        JsonObject telephony = config.getJsonObject("telephony");
        telephony.put("mode", "asterisk").put("queues", queues);
        telephony.getJsonObject("ami").put("host", "127.0.0.1").put("port", amiPort);
        telephony.getJsonObject("reconnect").put("min_ms", 200).put("max_ms", 400);
        telephony.getJsonObject("queue_log").put("source", "file").put("file", queueLog.toString());
        telephony.getJsonObject("sim").put("ami_port", amiPort).put("queue_log", queueLog.toString());
        return Config.merge(config, new JsonObject().put("database", db.serverConfig()));
    }

    private static String call(String from) {
        return TestServer.await(sim.placeCall(from, "service"));
    }

    private static void phonesAnswer(boolean on) {
        sim.device("PJSIP/1001").autoAnswer(on);
        sim.device("PJSIP/1002").autoAnswer(on);
    }

    /** Whether the queue_log has this event for the caller with this number (found by its ENTERQUEUE). */
    private static boolean logged(String number, String event) throws IOException {
        List<QueueLogLine> lines = Files.exists(queueLog) ? Files.readAllLines(queueLog).stream()
            .flatMap(l -> QueueLogLine.parse(l, null).stream()).toList() : List.of();
        Optional<String> callid = lines.stream()
            .filter(l -> l.event().equals("ENTERQUEUE") && l.data(1).equals(number)).map(QueueLogLine::callid).findFirst();
        return callid.isPresent() && lines.stream().anyMatch(l -> l.callid().equals(callid.get()) && l.event().equals(event));
    }

    private static RowSet<Row> calls(String number) {
        return TestServer.await(server.pg().preparedQuery("""
            SELECT c.*, a.username FROM calls c LEFT JOIN agents a ON a.id = c.agent_id WHERE caller_number = $1""")
            .execute(Tuple.of(number)));
    }

    private static Row onlyCall(String number) {
        RowSet<Row> rows = calls(number);
        assertEquals(1, rows.size(), "calls from " + number);
        return rows.iterator().next();
    }

    private static boolean storedAs(String number, String outcome) {
        RowSet<Row> rows = calls(number);
        return rows.size() == 1 && outcome.equals(rows.iterator().next().getString("outcome"));
    }

    @Test
    @DisplayName("calls that ended before calldesk started are stored at start, once, with the outcome, agent and customer they had")
    void callsBeforeStart() {
        Await.until("A and B filled in", WAIT, () -> storedAs(A, "answered") && storedAs(B, "abandoned"));
        Row a = onlyCall(A);
        assertEquals(customerA, a.getLong("customer_id"));
        assertEquals("silver", a.getString("tier"));
        assertTrue(List.of("agent1", "agent2").contains(a.getString("username")), a.getString("username"));
        assertTrue(a.getLong("talk_ms") >= 1000, "talk " + a.getLong("talk_ms"));
        assertNotNull(a.getOffsetDateTime("reconciled_at"));
        assertNotNull(a.getString("caller_uniqueid"));
        assertNull(onlyCall(B).getValue("customer_id"));

        Reconciler.Result again = TestServer.await(server.reconciler().reconcile());
        assertEquals(0, again.filledIn() + again.outcomesFilledIn(), "read again: " + again);
        assertEquals(1, calls(A).size());
        assertEquals(1, calls(B).size());
        long history = TestServer.await(server.pg().preparedQuery("SELECT count(*) FROM interactions WHERE customer_id = $1")
            .execute(Tuple.of(customerA))).iterator().next().getLong(0);
        assertEquals(1, history);
    }

    @Test
    @DisplayName("calls that start or end while the AMI link is down are stored once after the reconnect; "
        + "calls heard live are not stored again")
    void callsDuringOutage() {
        Await.until("the AMI link up", WAIT, () -> server.bridge().isUp());
        call(C);
        Await.until("C stored live", WAIT, () -> storedAs(C, "answered"));
        String d = call(D);
        TestServer.await(sim.talkTime(d, 60_000));
        Await.until("D connected, as calldesk hears it", WAIT, () -> TestServer.await(server.liveView().call(d))
            .map(c -> c.phase() == LiveCall.Phase.CONNECTED).orElse(false));

        TestServer.await(sim.stopAmi());
        Await.until("the AMI link down", WAIT, () -> !server.bridge().isUp());
        call(E);
        Await.until("E answered", WAIT, () -> logged(E, "CONNECT"));
        phonesAnswer(false);
        String f = call(F);
        Await.until("F rung", WAIT, () -> logged(F, "ENTERQUEUE"));
        TestServer.await(sim.hangup(f));
        phonesAnswer(true);
        TestServer.await(sim.hangup(d));
        Await.until("D, E and F ended in the queue_log", WAIT,
            () -> logged(D, "COMPLETECALLER") && logged(E, "COMPLETEAGENT") && logged(F, "ABANDON"));

        int readsBefore = server.reconciler().passes();
        TestServer.await(sim.startAmi());
        Await.until("the log read after the reconnect", WAIT, () -> server.reconciler().passes() > readsBefore);
        // D, E and F were also ended as lost by the resync; that write and the log's meet on the caller's Uniqueid.
        Await.until("D, E and F stored with their real outcomes", WAIT,
            () -> storedAs(D, "answered") && storedAs(E, "answered") && storedAs(F, "abandoned"));

        Row c = onlyCall(C);
        assertNull(c.getValue("reconciled_at"), "C was stored live");
        assertNotNull(onlyCall(D).getString("username"), "D was answered by an agent");
        assertNotNull(onlyCall(D).getOffsetDateTime("reconciled_at"), "D's end came from the queue_log");
        assertNotNull(onlyCall(E).getOffsetDateTime("reconciled_at"));
        assertNotNull(onlyCall(F).getOffsetDateTime("reconciled_at"));

        Reconciler.Result again = TestServer.await(server.reconciler().reconcile());
        assertEquals(0, again.filledIn() + again.outcomesFilledIn(), "read again: " + again);
        for (String number : List.of(C, D, E, F)) {
            assertEquals(1, calls(number).size(), "calls from " + number);
        }
    }
}

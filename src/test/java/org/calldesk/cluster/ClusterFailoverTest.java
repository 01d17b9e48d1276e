package org.calldesk.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.Config;
import org.calldesk.sim.SimSettings;
import org.calldesk.sim.SwitchSimulator;
import org.calldesk.testing.Await;
import org.calldesk.testing.ChildServer;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.calldesk.testing.TestDatabase;
import org.calldesk.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three calldesk nodes in JVMs of their own on loopback, one cluster, sharing one PostgreSQL, one Redis and the switch
 * simulator (which runs here and calls node B's FastAGI): the AMI link is held by one node, pops reach agents on the
 * others, a late node catches up, and when the holder is killed (-9) mid-traffic another takes the link within 10 s
 * and every call placed is stored exactly once, with how it really ended. Every node sweeps the complaints' escalation
 * deadlines: levels due before, during and after the takeover each fire exactly once (audit trail, kept notification,
 * notice on a socket), and a node killed inside its claim of a level leaves that level to another node.
 */
@ServerTest
class ClusterFailoverTest {

    private static final String AGI_SECRET = "cluster-test-agi-secret";
    private static final String SCRAPE = "cluster-test-scrape-token";
    /** calldesk's wrap-up after each call, and what agent1 adds to one of them just before the holder is killed. */
    private static final int WRAP_UP_S = 3;
    private static final int EXTEND_S = 15;

    private static TestDatabase db;
    private static TestRedis redis;
    private static Vertx simVertx;
    private static SwitchSimulator sim;
    private static Pool pool;
    private static final List<ChildServer> nodes = new ArrayList<>();

    @BeforeAll
    static void services() throws Exception {
        db = TestDatabase.start();
        redis = TestRedis.start();
        simVertx = Vertx.vertx();
        pool = db.pool(simVertx);
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (ChildServer node : nodes) {
            node.process().destroyForcibly();
            node.process().waitFor(30, TimeUnit.SECONDS);
        }
        if (sim != null) {
            sim.stop().await(10, TimeUnit.SECONDS);
        }
        if (pool != null) {
            pool.close().await(10, TimeUnit.SECONDS);
        }
        if (simVertx != null) {
            simVertx.close().await(10, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    @DisplayName("one AMI holder; pops reach agents on other nodes; a late node catches up; kill -9 of the holder: another holds AMI within 10 s, every call is stored once with its outcome and every escalation level fires exactly once; a node killed inside its claim of a level leaves it to another")
    void failover() throws Exception {
        Path dir = Path.of("target", "test-data", "cluster-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(dir);
        Path queueLog = dir.resolve("queue_log");
        int[] hz = {EmbeddedServices.freePort(), EmbeddedServices.freePort(), EmbeddedServices.freePort()};
        int agiB = EmbeddedServices.freePort();
        int simAmi = EmbeddedServices.freePort();

        // Agents rest 1 s after a call (not the shipped 10 to 30): the calls of the test are over in seconds.
        JsonArray queues = Config.defaults().getJsonObject("telephony").getJsonArray("queues");
        queues.forEach(q -> ((JsonObject) q).put("wrapup_s", 1));
        sim = new SwitchSimulator(simVertx, SimSettings.from(Config.merge(Config.defaults(), new JsonObject()
                .put("demo", new JsonObject().put("calls_per_minute", 0))
                .put("telephony", new JsonObject().put("queues", queues)
                        .put("agi", new JsonObject().put("port", agiB).put("secret", AGI_SECRET))
                        .put("sim", new JsonObject().put("ami_port", simAmi).put("answer_after_ms", 300)
                                .put("talk_ms_fixed", 2000).put("patience_s_mean", 0)
                                .put("queue_log", queueLog.toString()))))));
        sim.start().await(30, TimeUnit.SECONDS);

        String members = new JsonArray(List.of("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1], "127.0.0.1:" + hz[2])).encode();
        Map<String, String> common = new HashMap<>();
        common.put("CALLDESK_CLUSTER_ENABLED", "true");
        common.put("CALLDESK_CLUSTER_NAME", "calldesk-test-" + UUID.randomUUID().toString().substring(0, 8));
        common.put("CALLDESK_CLUSTER_MEMBERS", members);
        common.put("CALLDESK_CLUSTER_LEASE_S", "3");
        common.put("CALLDESK_DATABASE_URL", db.serverConfig().getString("url"));
        common.put("CALLDESK_DATABASE_USER", "postgres");
        common.put("CALLDESK_DATABASE_PASSWORD", "postgres");
        common.put("CALLDESK_REDIS_URL", redis.url());
        common.put("CALLDESK_TELEPHONY_MODE", "asterisk");
        common.put("CALLDESK_TELEPHONY_AMI_PORT", Integer.toString(simAmi));
        common.put("CALLDESK_TELEPHONY_AGI_SECRET", AGI_SECRET);
        common.put("CALLDESK_TELEPHONY_RECONNECT_MIN_MS", "200");
        common.put("CALLDESK_TELEPHONY_QUEUE_LOG_SOURCE", "file");
        common.put("CALLDESK_TELEPHONY_QUEUE_LOG_FILE", queueLog.toString());
        common.put("CALLDESK_HTTP_SCRAPE_TOKEN", SCRAPE);
        // Follow-ups are announced by the sweepers' database scan: every 2 s here, so those of the test come in seconds.
        common.put("CALLDESK_COMPLAINTS_SWEEPER_FALLBACK_SCAN_S", "2");
        // calldesk's own wrap-up pause after each answered call, short so that the calls of the test are over in time.
        JsonArray wrapUp = queues.copy();
        wrapUp.forEach(q -> ((JsonObject) q).put("wrapup_s", WRAP_UP_S));
        common.put("CALLDESK_TELEPHONY_QUEUES", wrapUp.encode());

        // A first: it seeds the demo users. Alone it sees 1 of the 3 members, below the default quorum (a majority, 2):
        // it does not take the AMI link, and is not ready, until B, with the simulator's FastAGI, joins. A, which has
        // been asking every second, then takes it, before B has even started its own leadership.
        ChildServer a = node(dir, "a", common, hz[0], EmbeddedServices.freePort());
        a.awaitStarted();
        ChildServer b = node(dir, "b", common, hz[1], agiB);
        a.awaitUp();
        b.awaitUp();
        assertEquals(a.port(), holder(b).getInteger("port"), "A holds the AMI link, as B sees it");
        assertTrue(cluster(b).getJsonArray("members").size() == 2, "two members: " + cluster(b));

        // Agents on B: their state changes are AMI actions that only A can send.
        Inbox<JsonObject> agent1 = new Inbox<>();
        ChildServer.Client agent1OnB = b.client().login("agent1");
        agent1OnB.socket(agent1);
        agent1.first("the socket's hello", Duration.ofSeconds(10), m -> "hello".equals(m.getString("type")));
        ChildServer.Client agent2OnB = b.client().login("agent2");
        for (ChildServer.Client agent : List.of(agent1OnB, agent2OnB)) {
            var answer = agent.send("POST", "/api/agents/me/state", new JsonObject().put("state", "available"), Map.of());
            assertEquals(200, answer.statusCode(), answer.body());
            // The member events come back to B through A's stream.
            Await.until("B to show the agent in the queues", Duration.ofSeconds(15),
                    () -> agent.get("/api/agents/me/state").getBoolean("loggedIn"));
        }

        List<String> placed = new CopyOnWriteArrayList<>();
        placed.addAll(place(6));
        JsonObject pop = agent1.first("a pop on B for a call whose events A read", Duration.ofSeconds(20),
                m -> "pop".equals(m.getString("type")));
        assertTrue(placed.contains(pop.getString("linkedid")), "the pop is for a call placed: " + pop);

        // C joins while calls are live, and sees what the others see without them restarting.
        ChildServer c = node(dir, "c", common, hz[2], EmbeddedServices.freePort());
        c.awaitUp();
        ChildServer.Client supervisorOnB = b.client().login("supervisor");
        ChildServer.Client supervisorOnC = c.client().login("supervisor");
        Await.until("C's agent states to be B's", Duration.ofSeconds(15),
                () -> loggedIn(supervisorOnC).equals(loggedIn(supervisorOnB)) && loggedIn(supervisorOnC).size() == 2);

        // Escalations, which every node sweeps: an admin on C hears every level and follow-up of unowned complaints.
        Inbox<JsonObject> adminC = new Inbox<>();
        c.client().login("admin").socket(adminC);
        adminC.first("the admin's socket's hello on C", Duration.ofSeconds(10), m -> "hello".equals(m.getString("type")));
        FailoverComplaints complaints = new FailoverComplaints(pool, redis.url());

        // One node pops (the holder), however many nodes hear the call: each call popped once on agent1's socket.
        Map<String, Long> popsByCall = agent1.all().stream().filter(m -> "pop".equals(m.getString("type")))
                .collect(Collectors.groupingBy(m -> m.getString("linkedid"), Collectors.counting()));
        assertTrue(popsByCall.values().stream().allMatch(n -> n == 1), "pops per call on agent1: " + popsByCall);

        // Traffic; agent1, on B, wraps up after a call timed by A: B shows the countdown and extends it through A.
        placed.addAll(place(6));
        JsonObject wrapping = value("agent1 in wrap-up as B shows it, with its countdown", Duration.ofSeconds(30), () -> {
            JsonObject state = agent1OnB.get("/api/agents/me/state");
            return "wrap-up".equals(state.getString("state")) && state.containsKey("wrapUpLeftMs") ? state : null;
        });
        assertTrue(wrapping.getLong("wrapUpLeftMs") <= WRAP_UP_S * 1000L, wrapping.encode());
        // Extended at once: the wrap-up is only WRAP_UP_S long, and waiting for the frame first could outlast it.
        var extended = agent1OnB.send("POST", "/api/agents/me/wrap-up/extend", new JsonObject().put("seconds", EXTEND_S), Map.of());
        assertEquals(200, extended.statusCode(), extended.body());
        agent1.first("A's state frame on agent1's socket on B, with the countdown", Duration.ofSeconds(10),
                m -> "state".equals(m.getString("type")) && m.getJsonObject("member").containsKey("wrapUpLeftMs"));
        // A first batch of escalations falls due over the next 2.5 s, while A is alive: each node's sweeper races for it.
        Instant early = Instant.now();
        for (int i = 0; i < 3; i++) {
            complaints.escalating("before the kill " + i, FailoverComplaints.dues(early.plusMillis(300 + 300L * i), Duration.ofMillis(800)));
        }
        complaints.followUp("follow-up before the kill", early.plusMillis(500));
        JsonObject longer = new JsonObject(extended.body());
        assertTrue(longer.getLong("wrapUpLeftMs") > (EXTEND_S - 2) * 1000L, longer.encode());
        Instant until = Instant.parse(longer.getString("wrapUpUntil"));
        assertTrue(until.isAfter(Instant.parse(wrapping.getString("wrapUpUntil"))), "later than before: " + longer.encode());
        Await.until("B's and C's replicas to have the new deadline", Duration.ofSeconds(10),
                () -> until.toString().equals(wrapUpUntil(agent1OnB.get("/api/agents/me/state")))
                        && until.toString().equals(wrapUpUntil(agentState(supervisorOnC, "agent1"))));

        // The first batch fired, once each, kept and heard, before A goes (A may be the node that fired some).
        Await.until("the escalations due before the kill fired, kept and heard once each", Duration.ofSeconds(30),
                () -> complaints.fired().equals(complaints.once()) && complaints.kept().equals(complaints.once())
                        && complaints.heard(adminC.all()).equals(complaints.once()));
        // A second batch falls due from the moment A is killed (a few ms after these are written) to 8.5 s after it:
        // during the takeover and after it.
        Instant kill = Instant.now();
        for (int i = 0; i < 6; i++) {
            complaints.escalating("across the kill " + i, FailoverComplaints.dues(kill.plusMillis(500 + 1000L * i), Duration.ofMillis(1500)));
        }
        complaints.followUp("follow-up in the takeover", kill.plusSeconds(1));
        complaints.followUp("follow-up after the takeover", kill.plusSeconds(6));

        // The holder killed in the middle of the traffic, of agent1's wrap-up and of the escalations.
        a.process().destroyForcibly();
        long killed = System.nanoTime();
        Await.until("another node to hold the AMI link", Duration.ofSeconds(10),
                () -> holdsAmi(b) || holdsAmi(c));
        long tookMs = (System.nanoTime() - killed) / 1_000_000;
        Instant tookOver = Instant.now();
        assertTrue(tookMs <= 10_000, "failover took " + tookMs + " ms");
        placed.addAll(place(6));

        // The new holder adopts the wrap-up with its deadline: agent1 stays in it until then, and not longer.
        List<String> seenUntil = new CopyOnWriteArrayList<>();
        JsonObject after = value("agent1 out of wrap-up", Duration.ofSeconds(EXTEND_S + 20), () -> {
            JsonObject state = agent1OnB.get("/api/agents/me/state");
            if ("wrap-up".equals(state.getString("state"))) {
                seenUntil.add(String.valueOf(state.getString("wrapUpUntil")));
                return null;
            }
            return state.put("at", Instant.now().toString());
        });
        Instant ended = Instant.parse(after.getString("at"));
        assertTrue(!ended.isBefore(until.minusMillis(300)), "not before the deadline " + until + ": " + after.encode());
        Instant latest = (until.isAfter(tookOver) ? until : tookOver).plusSeconds(5);
        assertTrue(ended.isBefore(latest), "ended by " + latest + ": " + after.encode());
        assertEquals(Set.of(until.toString()), Set.copyOf(seenUntil), "the one deadline, before and after the takeover");
        assertTrue(Set.of("available", "ringing", "on-call").contains(after.getString("state")), "unpaused: " + after.encode());

        // And agent1 takes the next call.
        int popsBefore = agent1.all().size();
        placed.addAll(place(2));
        agent1.nth(1, "a pop after the failover and the wrap-up", Duration.ofSeconds(30), m -> "pop".equals(m.getString("type"))
                && agent1.all().indexOf(m) >= popsBefore);

        Await.until("the simulator's calls all ended (placed " + sim.callsPlaced() + ")", Duration.ofSeconds(60),
                () -> sim.callsCompleted() + sim.callsAbandoned() >= sim.callsPlaced());
        Map<String, List<String>> stored = new TreeMap<>();
        Await.until("every call placed stored with its outcome", Duration.ofSeconds(30), () -> {
            stored.clear();
            stored.putAll(outcomes(placed));
            return stored.size() == placed.size() && stored.values().stream().allMatch(o -> o.equals(List.of("answered")));
        });
        // The supervisors' board on C, which joined late, shows the figures B shows.
        Await.until("C's board to show B's figures", Duration.ofSeconds(15),
                () -> board(supervisorOnC).equals(board(supervisorOnB)));
        assertEquals(2, board(supervisorOnC).getJsonObject(0).getJsonObject("agents").getInteger("total"),
                "the service queue's agents on C's board: " + board(supervisorOnC));
        assertEquals(placed.size(), stored.size());
        assertEquals(Set.of(List.of("answered")), Set.copyOf(stored.values()), "each once, answered: " + stored);

        // Every level of every complaint, before, during and after the takeover, fired exactly once: none twice,
        // none skipped, in the audit trail, in the bell's kept notifications and on the admin's socket on C.
        Await.until("every escalation level and follow-up swept", Duration.ofSeconds(60), () -> complaints.pending().isEmpty());
        assertEquals(complaints.once(), complaints.fired(), "audit rows per complaint/level");
        Await.until("the admin on C to hear every level", Duration.ofSeconds(15),
                () -> complaints.heard(adminC.all()).keySet().equals(complaints.once().keySet()));
        Await.until("a kept notification for every level", Duration.ofSeconds(15),
                () -> complaints.kept().keySet().equals(complaints.once().keySet()));
        assertEquals(complaints.once(), complaints.kept(), "kept notifications per complaint/level");

        killedInsideAClaim(b, Map.of("calldesk-b", b, "calldesk-c", c), adminC);

        // Counted after the last kill's escalation, seconds after the last of these: a duplicate would be in by now.
        assertEquals(complaints.once(), complaints.heard(adminC.all()), "notices per complaint/level heard on C");
        assertEquals(complaints.once(), complaints.fired(), "audit rows per complaint/level, at the end");
    }

    /**
     * A node killed (-9) inside its claim of an escalation level: its claim UPDATE done, its audit row not yet
     * written (the test holds the one event a level may have, uncommitted). PostgreSQL rolls the dead node's
     * transaction back and the other node, waiting to claim, fires the level: once, heard by an admin on it.
     */
    private static void killedInsideAClaim(ChildServer b, Map<String, ChildServer> byName, Inbox<JsonObject> adminC)
            throws Exception {
        Inbox<JsonObject> adminB = new Inbox<>();
        b.client().login("admin").socket(adminB);
        adminB.first("the admin's socket's hello on B", Duration.ofSeconds(10), m -> "hello".equals(m.getString("type")));
        FailoverComplaints held = new FailoverComplaints(pool, redis.url());
        long complaint = held.escalating("claimed by a node that dies", List.of(Instant.now().plus(Duration.ofDays(1))));
        SqlConnection conn = pool.getConnection().await(10, TimeUnit.SECONDS);
        Transaction hold = FailoverComplaints.holdLevel(conn, complaint, 1);
        held.dueAt(complaint, Instant.now());
        Map<String, String> claim = value("one node inside its claim, the other waiting to claim", Duration.ofSeconds(30), () -> {
            List<Map.Entry<String, String>> waiting = held.waiting();
            Set<String> claimed = waiting.stream().filter(w -> w.getValue().equals("claimed")).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            Set<String> claiming = waiting.stream().filter(w -> w.getValue().equals("claiming")).map(Map.Entry::getKey)
                    .filter(name -> !claimed.contains(name)).collect(Collectors.toSet());
            return claimed.size() == 1 && !claiming.isEmpty()
                    ? Map.of("claimed", claimed.iterator().next(), "claiming", claiming.iterator().next()) : null;
        });
        ChildServer dying = byName.get(claim.get("claimed"));
        dying.process().destroyForcibly();
        assertTrue(dying.process().waitFor(30, TimeUnit.SECONDS), "the killed node exited");
        hold.rollback().await(10, TimeUnit.SECONDS);
        conn.close().await(10, TimeUnit.SECONDS);

        Await.until("the level fired by the node that survived", Duration.ofSeconds(30), () -> held.pending().isEmpty());
        assertEquals(held.once(), held.fired(), "one audit row for the level");
        // The dead node never sent its COMMIT and publishes nothing more: what the admin hears is the survivor's claim.
        Inbox<JsonObject> survivor = dying == b ? adminC : adminB;
        survivor.first("the notice on the surviving node", Duration.ofSeconds(15), held::about);
        Await.until("the killed node's transaction ended in PostgreSQL", Duration.ofSeconds(15),
                () -> held.backends(claim.get("claimed")) == 0);
        Await.until("a kept notification for the level", Duration.ofSeconds(15), () -> held.kept().equals(held.once()));
        assertEquals(held.once(), held.fired(), "still one audit row for the level");
        assertEquals(held.once(), held.heard(survivor.all()), "the notice heard once on " + claim.get("claiming"));
    }

    private static String wrapUpUntil(JsonObject state) {
        return "wrap-up".equals(state.getString("state")) ? state.getString("wrapUpUntil") : null;
    }

    private static JsonObject agentState(ChildServer.Client supervisor, String username) throws Exception {
        return supervisor.get("/api/agents/states").getJsonArray("agents").stream().map(JsonObject.class::cast)
                .filter(s -> username.equals(s.getString("username"))).findFirst().orElse(new JsonObject());
    }

    /** Waits until the supplier gives something, and gives that. */
    private static <T> T value(String what, Duration timeout, Callable<T> supplier) {
        AtomicReference<T> found = new AtomicReference<>();
        Await.until(what, timeout, () -> {
            found.set(supplier.call());
            return found.get() != null;
        });
        return found.get();
    }

    private static List<String> place(int calls) throws Exception {
        List<String> linkedids = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            linkedids.add(sim.placeCall("+86 138 0013 80" + String.format("%02d", linkedids.size() % 50), "service")
                    .await(10, TimeUnit.SECONDS));
        }
        return linkedids;
    }

    private static ChildServer node(Path dir, String name, Map<String, String> common, int hazelcastPort, int agiPort)
            throws Exception {
        Map<String, String> env = new HashMap<>(common);
        // Each node's PostgreSQL sessions named after it (pg_stat_activity), so the test can tell whose claim waits.
        env.put("CALLDESK_DATABASE_URL", common.get("CALLDESK_DATABASE_URL") + "?application_name=calldesk-" + name);
        env.put("CALLDESK_CLUSTER_PORT", Integer.toString(hazelcastPort));
        env.put("CALLDESK_TELEPHONY_AGI_PORT", Integer.toString(agiPort));
        ChildServer node = ChildServer.start(dir.resolve(name), name, env);
        nodes.add(node);
        return node;
    }

    private static JsonObject cluster(ChildServer node) throws Exception {
        var answer = node.client().send("GET", "/health", null, Map.of("Authorization", "Bearer " + SCRAPE));
        return new JsonObject(answer.body()).getJsonObject("details").getJsonObject("cluster");
    }

    private static JsonObject holder(ChildServer node) throws Exception {
        JsonObject holder = cluster(node).getJsonObject("ami_holder");
        String http = holder.getString("http");
        return holder.copy().put("port", Integer.parseInt(http.substring(http.lastIndexOf(':') + 1)));
    }

    private static boolean holdsAmi(ChildServer node) {
        try {
            JsonObject cluster = cluster(node);
            return cluster.getBoolean("holds_ami") && cluster.getJsonObject("ami_holder").getBoolean("ami_up");
        } catch (Exception notNow) {
            return false;
        }
    }

    private static Set<String> loggedIn(ChildServer.Client supervisor) throws Exception {
        JsonArray agents = supervisor.get("/api/agents/states").getJsonArray("agents");
        return agents.stream().map(JsonObject.class::cast).filter(s -> s.getBoolean("loggedIn"))
                .map(s -> s.getString("interface") + " " + s.getString("state")).collect(Collectors.toSet());
    }

    /** The board's queue tiles, without what moves with the clock. */
    private static JsonArray board(ChildServer.Client supervisor) throws Exception {
        JsonArray queues = supervisor.get("/api/board/queues").getJsonArray("queues").copy();
        queues.forEach(q -> ((JsonObject) q).remove("longestWaitMs"));
        return queues;
    }

    /** Each call's stored outcomes (one per row), by Linkedid. */
    private static Map<String, List<String>> outcomes(List<String> linkedids) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        for (Row row : pool.preparedQuery("SELECT linkedid, outcome FROM calls WHERE linkedid = ANY($1)")
                .execute(Tuple.tuple().addArrayOfString(linkedids.toArray(String[]::new))).await(10, TimeUnit.SECONDS)) {
            out.computeIfAbsent(row.getString("linkedid"), k -> new ArrayList<>()).add(row.getString("outcome"));
        }
        return out;
    }
}

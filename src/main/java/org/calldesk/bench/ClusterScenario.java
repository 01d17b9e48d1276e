package org.calldesk.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.calldesk.agents.AgentStore;
import org.calldesk.agents.PasswordRules;
import org.calldesk.agents.Passwords;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.Config;
import org.calldesk.platform.Database;
import org.calldesk.sim.SimSettings;
import org.calldesk.sim.SwitchSimulator;
import org.calldesk.telephony.TelephonyConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Three calldesk nodes as one cluster on this machine, each a JVM of its own, sharing a PostgreSQL and a Redis
 * (embedded ones started for the scenario) and the switch simulator (in this JVM; its FastAGI goes to the second
 * node). The agents are spread over the nodes, round robin; callers dial at the pop rate. Measured: pop latency
 * across the nodes (AgentCalled read by an AMI session of the bench's own on the simulator -> pop frame on the
 * agent's socket, whichever node it is on), then the AMI holder is killed (-9) mid-traffic: how long until another
 * node holds the link, and until the first pop it serves.
 */
final class ClusterScenario implements Benchmark.Scenario {

    /**
     * Traffic before the measuring starts. The nodes are fresh JVMs, and three of them compile the same hot paths on
     * two cores: sampled every quarter second, the machine stays at 100 % of both cores for the first 45 s of
     * traffic and settles at 55 to 65 % by the 60th. A node that has served for an hour no longer pays that, so the
     * budget is measured after it; the warm-up's own figures are printed beside, unbudgeted.
     */
    private static final int WARM_UP_S = 90;
    /** System property: more options for the nodes' JVMs (a collector, say), separated by spaces. */
    static final String NODE_JVM = "calldesk.bench.node-jvm";
    /**
     * What README recommends for nodes that share a machine's few cores: the serial collector, a young generation of
     * 96 MB, and class metadata's first collection threshold at 128 MB. A young collection then stops a node for
     * 10 to 30 ms every 4 s or so (the holder's live set is about 30 MB), and nothing of the collector runs between
     * them. ZGC (used here before) collects beside the application, which needs cores to spare: on three nodes
     * sharing two its cycles took CPU from the other nodes and slowed the application threads for their length.
     * Measured with ZGC, pops read during a cycle had a p99 of 20 to 37 ms, and six runs' p99 was 7.7 to 18 ms
     * (median 10.6); six runs with these settings, in the same hours, 5.7 to 9.7 ms (median 7.3), and seven more
     * after calldesk made less garbage per call (fewer young collections on the FastAGI node) 5.3 to 7.8 ms
     * (median 6.9), each within 2x the single node's p99 of its run. A young generation of 256 MB made each pause
     * longer (23 to 57 ms) and was no better. Without the metadata threshold a full collection (100 to 250 ms) came
     * each time class metadata outgrew the last one, well into the traffic.
     */
    static final String DEFAULT_NODE_JVM = "-XX:+UseSerialGC -Xmn96m -XX:MetaspaceSize=128m";
    /**
     * System property: a file to write every measured pop to, one line each (when AgentCalled was read, in epoch ms;
     * its latency in microseconds; the index of the node the agent is on), to lay the slow ones beside the nodes'
     * collector logs ({@code -Xlog:gc} in {@link #NODE_JVM}) or CPU use.
     */
    static final String SAMPLES_FILE = "calldesk.bench.cluster-samples";
    private static final String SCRAPE = UUID.randomUUID().toString();
    /** Each node's heap: what the benchmark's own JVM, where the single-node server runs, is given in README. */
    static final int NODE_HEAP_MB = 512;

    private final Map<String, Instant> rung = new ConcurrentHashMap<>();
    private final Map<Long, String> ifaceOf = new ConcurrentHashMap<>();
    private final Samples steady = new Samples();
    private final Samples warming = new Samples();
    private final Queue<String> sampleLines = new ConcurrentLinkedQueue<>();
    /** The index of the node each agent is on, by agent id. */
    private final Map<Long, Integer> nodeOf = new ConcurrentHashMap<>();
    private final AtomicLong pops = new AtomicLong();
    private final AtomicLong lateCards = new AtomicLong();
    private volatile Instant loadFrom = Instant.MAX;
    private volatile Instant measureFrom = Instant.MAX;
    private volatile Instant measureTo = Instant.MAX;
    private volatile Instant killedAt = Instant.MAX;
    private final AtomicReference<Instant> firstPopAfterKill = new AtomicReference<>();

    /** A node: its process, HTTP port and data directory. */
    private record Node(String name, Process process, int httpPort, int agiPort, Path dir) {
    }

    @Override
    public Table run(Benchmark.Context ctx) throws Exception {
        BenchOptions options = ctx.options();
        Path dir = Files.createTempDirectory("calldesk-bench-cluster-");
        EmbeddedServices services = new EmbeddedServices(Duration.ofSeconds(1), Duration.ofSeconds(30));
        Vertx simVertx = Vertx.vertx();
        List<Node> nodes = new ArrayList<>();
        List<AgentSessions> agents = new ArrayList<>();
        SwitchSimulator sim = null;
        AgentCalledTap tap = null;
        try {
            long t0 = System.nanoTime();
            Database db = services.database(services.startPostgres(dir.resolve("services"), 0, options.durable()));
            String redis = services.startRedis(dir.resolve("services"), 0);
            Await.result(db.migrate(simVertx), Duration.ofMinutes(2), "migrations");
            Pool pool = db.pool(simVertx, 4);
            AgentSessions.create(new AgentStore(simVertx, pool, new Passwords(1000), new PasswordRules(false)), options.agents());
            int customers = Math.min(options.customers(), 100_000);
            CustomerSeed.seed(pool, customers);
            pool.close();

            int[] hz = {EmbeddedServices.freePort(), EmbeddedServices.freePort(), EmbeddedServices.freePort()};
            int simAmi = EmbeddedServices.freePort();
            int agiOfSecond = EmbeddedServices.freePort();
            JsonObject simConfig = BenchConfig.of(options, 0, dir);
            simConfig.getJsonObject("telephony").getJsonObject("agi").put("port", agiOfSecond);
            simConfig.getJsonObject("telephony").getJsonObject("sim").put("ami_port", simAmi);
            sim = new SwitchSimulator(simVertx, SimSettings.from(simConfig));
            Await.result(sim.start(), Duration.ofSeconds(30), "simulator start");

            Map<String, String> env = new HashMap<>();
            env.put("CALLDESK_CLUSTER_ENABLED", "true");
            env.put("CALLDESK_CLUSTER_NAME", "calldesk-bench-" + UUID.randomUUID().toString().substring(0, 8));
            env.put("CALLDESK_CLUSTER_MEMBERS", new JsonArray(List.of("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1],
                    "127.0.0.1:" + hz[2])).encode());
            env.put("CALLDESK_DATABASE_URL", db.url());
            env.put("CALLDESK_DATABASE_USER", db.user());
            env.put("CALLDESK_DATABASE_PASSWORD", db.password());
            env.put("CALLDESK_REDIS_URL", redis);
            env.put("CALLDESK_DEMO_ENABLED", "false");
            env.put("CALLDESK_SECURITY_PBKDF2_ITERATIONS", "1000");
            env.put("CALLDESK_SECURITY_LOGIN_MAX_FAILURES", "1000");
            env.put("CALLDESK_ROUTING_VIP_QUEUE", "");
            // The single-node scenario's queues, with its half-second wrap-up: the shipped 10 to 30 s of wrap-up would
            // let 300 agents take far fewer than 50 calls/s, and callers would pile up in the queues.
            env.put("CALLDESK_TELEPHONY_QUEUES", simConfig.getJsonObject("telephony").getJsonArray("queues").encode());
            env.put("CALLDESK_TELEPHONY_MODE", "asterisk");
            env.put("CALLDESK_TELEPHONY_AMI_PORT", Integer.toString(simAmi));
            env.put("CALLDESK_TELEPHONY_AGI_SECRET", BenchConfig.AGI_SECRET);
            env.put("CALLDESK_TELEPHONY_RECONNECT_MIN_MS", "200");
            env.put("CALLDESK_HTTP_SCRAPE_TOKEN", SCRAPE);
            // The first node migrates and, once a second joins (the default quorum of 3 members is 2), takes the AMI link.
            nodes.add(start("node1", dir, env, hz[0], EmbeddedServices.freePort()));
            awaitStarted(ctx, nodes.get(0));
            nodes.add(start("node2", dir, env, hz[1], agiOfSecond));
            nodes.add(start("node3", dir, env, hz[2], EmbeddedServices.freePort()));
            awaitUp(ctx, nodes.get(0));
            awaitUp(ctx, nodes.get(1));
            awaitUp(ctx, nodes.get(2));
            String setUp = Benchmark.seconds(System.nanoTime() - t0);
            // The customers were seeded by SQL, without the pinyin of their names: the nodes fill it in at start, a
            // one-off after an upgrade, not the steady state measured here. Wait for it, and tell how long it took.
            long t2 = System.nanoTime();
            Pool check = db.pool(simVertx, 1);
            try {
                Await.until(Duration.ofMinutes(10), () -> Await.result(check.query(
                                "SELECT count(*) AS n FROM customers WHERE name_pinyin IS NULL").execute(),
                        Duration.ofSeconds(30), "pinyin left").iterator().next().getLong("n") == 0);
            } finally {
                check.close();
            }
            String pinyin = Benchmark.seconds(System.nanoTime() - t2);

            // Agents round robin over the nodes.
            long t1 = System.nanoTime();
            for (int n = 0; n < nodes.size(); n++) {
                List<Integer> numbers = new ArrayList<>();
                for (int i = n + 1; i <= options.agents(); i += nodes.size()) {
                    numbers.add(i);
                }
                AgentSessions sessions = new AgentSessions(ctx.clients(), nodes.get(n).httpPort(), numbers.size());
                agents.add(sessions);
                sessions.open(numbers, this::onMessage);
                int index = n;
                sessions.sessions().forEach(s -> {
                    ifaceOf.put(s.agentId(), s.iface());
                    nodeOf.put(s.agentId(), index);
                });
                sessions.state("available");
            }
            String agentsUp = Benchmark.seconds(System.nanoTime() - t1);

            tap = new AgentCalledTap();
            TelephonyConfig ami = TelephonyConfig.from(Config.defaults());
            Await.result(tap.start(simVertx, simAmi, ami.amiUsername(), ami.amiSecret(),
                    (linkedid, iface, at) -> rung.put(linkedid + "|" + iface, at)), Duration.ofSeconds(30), "AMI tap");
            if (!Await.until(Duration.ofSeconds(10), tap::isUp)) {
                throw new Await.BenchFailure("the benchmark's AMI session was not accepted by the simulator");
            }

            int holder = holder(ctx, nodes);
            long placedBefore = sim.callsPlaced();
            SwitchSimulator calling = sim;
            long total = Math.round(options.popRate() * (WARM_UP_S + 2L * options.popSeconds()));
            AtomicLong started = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            SplittableRandom rnd = new SplittableRandom(13);
            long begin = System.nanoTime();
            loadFrom = Instant.now();
            long timer = ctx.clients().setPeriodic(5, id -> {
                long due = Math.min(total, (long) ((System.nanoTime() - begin) / 1e9 * options.popRate()));
                while (started.get() < due) {
                    started.incrementAndGet();
                    calling.placeCall(CustomerSeed.phone(1 + rnd.nextInt(customers)), rnd.nextInt(4) == 0 ? "complaint" : "service")
                            .onFailure(e -> failed.incrementAndGet());
                }
            });
            Await.sleep(WARM_UP_S * 1000L);
            measureFrom = Instant.now();
            Await.sleep(options.popSeconds() * 1000L);
            measureTo = Instant.now();
            // Each node times the pops it writes to its own sockets, from the holder's read of AgentCalled.
            StringBuilder perNode = new StringBuilder();
            for (Node node : nodes) {
                perNode.append(perNode.isEmpty() ? "" : "; ").append(node.name())
                        .append(holder == nodes.indexOf(node) ? " (holder)" : "").append(' ').append(popTimer(ctx, node));
            }
            // The holder dies mid-traffic.
            killedAt = Instant.now();
            long killed = System.nanoTime();
            nodes.get(holder).process().destroyForcibly();
            agents.get(holder).abandon();
            List<Node> alive = new ArrayList<>(nodes);
            alive.remove(holder);
            long heldAfterMs = -1;
            while (System.nanoTime() - killed < 60_000_000_000L) {
                if (holds(ctx, alive.get(0)) || holds(ctx, alive.get(1))) {
                    heldAfterMs = (System.nanoTime() - killed) / 1_000_000;
                    break;
                }
                Await.sleep(50);
            }
            Await.until(Duration.ofSeconds(options.popSeconds() + 30), () -> started.get() >= total);
            ctx.clients().cancelTimer(timer);
            boolean drained = Await.until(Duration.ofSeconds(60),
                    () -> calling.callsCompleted() + calling.callsAbandoned() >= calling.callsPlaced());
            Instant firstPop = firstPopAfterKill.get();
            long gapMs = firstPop == null ? -1 : Duration.between(killedAt, firstPop).toMillis();
            double[] p = steady.millis();
            String samplesFile = System.getProperty(SAMPLES_FILE);
            if (samplesFile != null) {
                Files.write(Path.of(samplesFile), sampleLines);
            }
            double single = PopScenario.lastEndToEndP99;
            Table table = new Table("cluster", String.format(Locale.ROOT,
                    "3 nodes (JVMs) on this machine, %d agents spread over them, %.0f calls/s; AMI holder killed after %d s",
                    options.agents(), options.popRate(), WARM_UP_S + options.popSeconds()))
                    .latency("AgentCalled read -> pop frame received, agents on all 3 nodes (before the kill)", steady)
                    .latency("the same in the " + WARM_UP_S + " s of warm-up before it (fresh JVMs compiling; not budgeted)", warming)
                    .value("calldesk.pop.latency p50 / p95 / p99 ms (count) by node, warm-up included: holder's read -> socket write there", perNode)
                    .value("set-up: services, schema, agents, customers, 3 nodes up", setUp)
                    .value("pinyin of the seeded names filled in by the 3 nodes (shared), waited for before the load", pinyin)
                    .value("agents: log in, open WebSocket, available (through the holder's AMI link)", agentsUp)
                    .value("calls placed / simulator completed / abandoned", (sim.callsPlaced() - placedBefore) + " / "
                            + sim.callsCompleted() + " / " + sim.callsAbandoned() + (drained ? "" : " -- NOT DRAINED within 60 s")
                            + (failed.get() > 0 ? " (" + failed.get() + " could not be placed)" : ""))
                    .value("pops received", pops.get())
                    .value("cards that came after their pop, sent as an update", lateCards.get())
                    .value("holder killed (-9) -> another node holds the AMI link (/health)", heldAfterMs < 0 ? "not within 60 s" : heldAfterMs + " ms")
                    .value("failover gap: holder killed -> first pop served by the new holder", gapMs < 0 ? "no pop" : gapMs + " ms")
                    .value("single-node pop p99 in this run (pop scenario, also from AgentCalled on the wire)", Double.isNaN(single) ? "not run" : Table.ms(single) + " ms")
                    .budget("pop p99 across nodes <= 15 ms", p[2] <= 15.0, "p99 " + Table.ms(p[2]) + " ms")
                    .budget("another node holds AMI within 10 s of the kill", heldAfterMs >= 0 && heldAfterMs <= 10_000,
                            heldAfterMs + " ms");
            if (!Double.isNaN(single)) {
                table.budget("pop p99 across nodes within 2x the single node's (pop scenario, same run)",
                        p[2] <= 2 * single, Table.ms(p[2]) + " vs " + Table.ms(single) + " ms");
            }
            return table;
        } finally {
            for (AgentSessions s : agents) {
                s.abandon();
            }
            if (tap != null) {
                tap.stop();
            }
            for (Node node : nodes) {
                node.process().destroy();
            }
            for (Node node : nodes) {
                if (!node.process().waitFor(60, TimeUnit.SECONDS)) {
                    node.process().destroyForcibly();
                }
            }
            if (sim != null) {
                Await.result(sim.stop(), Duration.ofSeconds(10), "simulator stop");
            }
            Await.result(simVertx.close(), Duration.ofSeconds(30), "simulator Vert.x close");
            services.stop();
            // The shared PostgreSQL's and Redis' files go; the nodes' logs stay for a look.
            try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("services"))) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                System.err.println("cluster scenario: " + dir.resolve("services") + " not deleted: " + e.getMessage());
            }
            System.err.println("cluster scenario: node logs kept in " + dir);
        }
    }

    /** On the client loop. */
    private void onMessage(long agentId, JsonObject message) {
        if (!"pop".equals(message.getString("type"))) {
            return;
        }
        if (message.getBoolean("update", false)) {
            // the card that came after its pop, sent again: the same pop filled in, not another one
            lateCards.incrementAndGet();
            return;
        }
        Instant received = Instant.now();
        pops.incrementAndGet();
        Instant read = rung.get(message.getString("linkedid") + "|" + ifaceOf.get(agentId));
        if (read == null) {
            return;
        }
        long nanos = Duration.between(read, received).toNanos();
        if (!read.isBefore(measureFrom) && read.isBefore(measureTo)) {
            steady.add(nanos);
            sampleLines.add(read.toEpochMilli() + "," + nanos / 1000 + "," + nodeOf.get(agentId));
        } else if (!read.isBefore(loadFrom) && read.isBefore(measureFrom)) {
            warming.add(nanos);
        }
        if (read.isAfter(killedAt)) {
            firstPopAfterKill.compareAndSet(null, received);
        }
    }

    private static Node start(String name, Path dir, Map<String, String> common, int hazelcastPort, int agiPort)
            throws IOException {
        Path data = dir.resolve(name);
        Files.createDirectories(data.resolve("tmp"));
        int http = EmbeddedServices.freePort();
        // Each node gets the heap the single-node scenario's server has (the benchmark runs with -Xmx512m).
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + NODE_HEAP_MB + "m"));
        // What the jar's manifest grants Hazelcast under java -jar (Add-Opens, Add-Exports), here on a class path.
        command.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED"));
        String jvm = System.getProperty(NODE_JVM, DEFAULT_NODE_JVM).trim();
        if (!jvm.isEmpty()) {
            command.addAll(List.of(jvm.split("\\s+")));
        }
        command.addAll(List.of("-Djava.io.tmpdir=" + data.resolve("tmp"), "-cp", System.getProperty("java.class.path"),
                "org.calldesk.app.Main"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(common);
        builder.environment().put("CALLDESK_HTTP_PORT", Integer.toString(http));
        builder.environment().put("CALLDESK_DATA_DIR", data.toString());
        builder.environment().put("CALLDESK_CLUSTER_PORT", Integer.toString(hazelcastPort));
        builder.environment().put("CALLDESK_TELEPHONY_AGI_PORT", Integer.toString(agiPort));
        builder.redirectErrorStream(true).redirectOutput(data.resolve(name + ".log").toFile());
        return new Node(name, builder.start(), http, agiPort, data);
    }

    private static void awaitUp(Benchmark.Context ctx, Node node) {
        awaitUntil(ctx, node, () -> ready(ctx, node));
    }

    /** Its /health answers, ready or not (a node alone is below its quorum, and not ready, until another joins). */
    private static void awaitStarted(Benchmark.Context ctx, Node node) {
        awaitUntil(ctx, node, () -> health(ctx, node) != null);
    }

    private static void awaitUntil(Benchmark.Context ctx, Node node, BooleanSupplier up) {
        if (!Await.until(Duration.ofSeconds(300), () -> !node.process().isAlive() || up.getAsBoolean())) {
            throw new Await.BenchFailure(node.name() + " did not come up within 300 s; see " + node.dir());
        }
        if (!node.process().isAlive()) {
            throw new Await.BenchFailure(node.name() + " exited; see " + node.dir());
        }
    }

    private static boolean ready(Benchmark.Context ctx, Node node) {
        JsonObject health = health(ctx, node);
        return health != null && !"DOWN".equals(health.getString("status"));
    }

    private static int holder(Benchmark.Context ctx, List<Node> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            if (holds(ctx, nodes.get(i))) {
                return i;
            }
        }
        throw new Await.BenchFailure("no node holds the AMI link");
    }

    private static boolean holds(Benchmark.Context ctx, Node node) {
        JsonObject health = health(ctx, node);
        JsonObject cluster = health == null ? null : health.getJsonObject("details", new JsonObject()).getJsonObject("cluster");
        return cluster != null && cluster.getBoolean("holds_ami", false)
                && cluster.getJsonObject("ami_holder", new JsonObject()).getBoolean("ami_up", false);
    }

    /** The node's own pop timer from its /metrics: "p50 / p95 / p99 (count)", as histogram bucket bounds. */
    private static String popTimer(Benchmark.Context ctx, Node node) {
        HttpClientAgent http = ctx.clients().createHttpClient();
        try {
            String text = Await.result(http.request(HttpMethod.GET, node.httpPort(), "127.0.0.1", "/metrics")
                    .compose(req -> req.putHeader("Authorization", "Bearer " + SCRAPE).send())
                    .compose(resp -> resp.body().map(Object::toString)), Duration.ofSeconds(10), "metrics");
            // A histogram on /metrics: each percentile as the upper bound of the bucket it falls in.
            java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
            java.util.regex.Pattern bucket = java.util.regex.Pattern
                    .compile("^calldesk_pop_latency_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*\\}\\s+(\\S+)");
            for (String line : text.split("\\n")) {
                java.util.regex.Matcher m = bucket.matcher(line);
                if (m.find()) {
                    double le = "+Inf".equals(m.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                    buckets.put(le, Double.parseDouble(m.group(2)));
                }
            }
            double total = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
            StringBuilder out = new StringBuilder();
            for (double q : new double[]{0.5, 0.95, 0.99}) {
                String at = "?";
                for (Map.Entry<Double, Double> b : buckets.entrySet()) {
                    if (total > 0 && b.getValue() >= q * total) {
                        at = b.getKey().isInfinite() ? ">2000" : "<=" + Table.ms(b.getKey() * 1000);
                        break;
                    }
                }
                out.append(out.isEmpty() ? "" : " / ").append(at);
            }
            return out + " (" + (long) total + ")";
        } catch (RuntimeException e) {
            return "not read: " + e.getMessage();
        } finally {
            http.close();
        }
    }

    /** The node's /health with its detail, or null when it does not answer. */
    private static JsonObject health(Benchmark.Context ctx, Node node) {
        HttpClientAgent http = ctx.clients().createHttpClient();
        try {
            return Await.result(http.request(HttpMethod.GET, node.httpPort(), "127.0.0.1", "/health")
                    .compose(req -> req.putHeader("Authorization", "Bearer " + SCRAPE).send())
                    .compose(resp -> resp.body().map(b -> new JsonObject(b.toString()))), Duration.ofSeconds(5), "health");
        } catch (RuntimeException notUp) {
            return null;
        } finally {
            http.close();
        }
    }
}

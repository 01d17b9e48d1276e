package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.calldesk.platform.Database;
import org.calldesk.platform.DatabaseSettings;
import org.calldesk.sim.CallerSource;
import org.calldesk.sim.SimSettings;
import org.calldesk.sim.SwitchSimulator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar calldesk.jar simulator [--agi host:port,...] [--agents N]}: the switch simulator alone, as the PBX of
 * several calldesk nodes: its AMI on 127.0.0.1:{@code telephony.sim.ami_port} (for the node that holds the AMI link),
 * its FastAGI client calling the given nodes (each call tries them in turn, starting from the next one, as Asterisk
 * tries the targets of a {@code hagi://} name; or give one address, a TCP balancer's), and demo traffic at
 * {@code demo.calls_per_minute}. Callers are the demo customers of {@code database.url} when it is set (run it with
 * the nodes' {@code services.env}), else unknown numbers. {@code --agents N} makes demo agents 1..N static queue
 * members whose simulated phones answer by themselves, as the single-node demo's agents do. It runs until SIGTERM or
 * Ctrl-C.
 */
final class SimulatorCommand {

    private static final long START_WITHIN_S = 30;

    private SimulatorCommand() {
    }

    static int run(JsonObject config, List<String> args, PrintStream out, PrintStream err) {
        List<String> agi = null;
        int agents = 0;
        for (int i = 1; i < args.size(); i += 2) {
            if (i + 1 >= args.size()) {
                err.println("simulator: " + args.get(i) + " needs a value");
                return AdminCommand.USAGE;
            }
            String value = args.get(i + 1);
            switch (args.get(i)) {
                case "--agi" -> agi = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                case "--agents" -> {
                    try {
                        agents = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        agents = -1;
                    }
                    if (agents < 0 || agents > 1000) {
                        err.println("simulator: --agents takes a number from 0 to 1000, not " + value);
                        return AdminCommand.USAGE;
                    }
                }
                default -> {
                    err.println("simulator: unknown option " + args.get(i) + " (options: --agi host:port[,host:port...], --agents N)");
                    return AdminCommand.USAGE;
                }
            }
        }
        SimSettings sim;
        DemoSettings demo;
        DatabaseSettings db;
        try {
            sim = SimSettings.from(config);
            demo = DemoSettings.from(org.calldesk.platform.ConfigSection.root(config));
            db = DatabaseSettings.from(org.calldesk.platform.ConfigSection.root(config));
            if (agi != null) {
                sim = sim.withAgiServers(agi);
            }
            sim = sim.withQueues(withAgents(sim.queues(), agents, demo));
        } catch (RuntimeException e) {
            err.println("simulator: " + e.getMessage());
            return AdminCommand.USAGE;
        }
        if (sim.agiSecret().isEmpty()) {
            err.println("simulator: set telephony.agi.secret (CALLDESK_TELEPHONY_AGI_SECRET), the same as the nodes':"
                    + " FastAGI answers only requests that carry it");
            return AdminCommand.USAGE;
        }
        Vertx vertx = Vertx.vertx();
        SwitchSimulator simulator = new SwitchSimulator(vertx, sim);
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            simulator.start().toCompletionStage().toCompletableFuture().get(START_WITHIN_S, TimeUnit.SECONDS);
            List<String> callers = callers(vertx, db, err);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    simulator.stop().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture()
                            .get(START_WITHIN_S, TimeUnit.SECONDS);
                    err.println("switch simulator stopped");
                } catch (Exception e) {
                    err.println("switch simulator did not stop cleanly: " + e);
                } finally {
                    stopped.countDown();
                }
            }, "simulator-shutdown"));
            CallerSource source = callers.isEmpty()
                    ? rnd -> "+861" + (3 + rnd.nextInt(7)) + String.format("%09d", rnd.nextInt(1_000_000_000))
                    : rnd -> callers.get(rnd.nextInt(callers.size()));
            simulator.startTraffic(source);
            out.println("switch simulator: AMI on 127.0.0.1:" + simulator.amiPort() + " (user " + sim.username() + "),"
                    + " FastAGI to " + String.join(", ", sim.agiServers()) + ", " + sim.callsPerMinute()
                    + " calls per minute from " + (callers.isEmpty() ? "unknown numbers" : callers.size() + " customer numbers")
                    + (agents > 0 ? ", demo agents 1.." + agents + " answering as static members" : ""));
            out.println("Ctrl-C or SIGTERM stops it.");
            out.flush();
        } catch (Exception e) {
            err.println("simulator: did not start: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            vertx.close();
            return AdminCommand.FAILED;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Demo agent n's phone (demo.agent_interface) in the queues the demo data gives agent n. */
    static List<SimSettings.QueueSpec> withAgents(List<SimSettings.QueueSpec> queues, int agents, DemoSettings demo) {
        List<SimSettings.QueueSpec> out = new ArrayList<>();
        for (SimSettings.QueueSpec q : queues) {
            List<SimSettings.MemberSpec> members = new ArrayList<>(q.members());
            for (int n = 1; n <= agents; n++) {
                if (!"vip".equals(q.name()) || n <= 3) {
                    members.add(new SimSettings.MemberSpec(demo.interfaceOf(n), "Agent " + n));
                }
            }
            out.add(new SimSettings.QueueSpec(q.name(), q.strategy(), q.timeoutMs(), q.retryMs(), q.wrapupMs(),
                    q.serviceLevelS(), q.weight(), q.maxlen(), List.copyOf(members)));
        }
        return out;
    }

    /** The demo customers' numbers, weighted by tier, from the nodes' PostgreSQL; none without one. */
    private static List<String> callers(Vertx vertx, DatabaseSettings db, PrintStream err) {
        if (db.embedded()) {
            return List.of();
        }
        Pool pool = new Database(db.url(), db.user(), db.password()).pool(vertx, 1);
        try {
            return pool.query(AppSql.DEMO_CALLERS).execute().map(DemoTraffic::weightedNumbers)
                    .eventually(pool::close)
                    .toCompletionStage().toCompletableFuture().get(START_WITHIN_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("simulator: customers not read from " + db.url() + " (" + e.getMessage() + "); callers are unknown numbers");
            pool.close();
            return List.of();
        }
    }
}

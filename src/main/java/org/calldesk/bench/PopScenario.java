package org.calldesk.bench;

import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Config;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.TelephonyConfig;
import org.calldesk.telephony.CallEvent;
import org.calldesk.sim.SwitchSimulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Screen pop under load: agents logged in with open WebSockets and available in service and complaints;
 * callers from the seeded base dial the simulated hotline at a fixed rate (FastAGI routing, app_queue,
 * simulated phones answering). Every AgentCalled the bridge reads must become exactly one pop on the
 * socket of the agent it rang, and on no other socket.
 * <p>
 * Timed twice: from the bridge's read (Asterisk-Java's receive time of the event, in the server), and from the
 * AgentCalled frame arriving on an AMI session of the benchmark's own ({@link AgentCalledTap}), which is where the
 * cluster scenario must start its clock (its AMI reader is in another process). The second is the one the cluster
 * scenario compares with, so both sides of that comparison include the AMI read, the parse and the hand-over.
 */
final class PopScenario implements Benchmark.Scenario {

    private static final int WARM_UP_S = 5;
    /**
     * The pop p99 of the last run in this JVM from AgentCalled on the wire (NaN before), for the cluster scenario to
     * compare with: its clock starts at the same place.
     */
    static volatile double lastEndToEndP99 = Double.NaN;

    /** AgentCalled seen by the bridge, keyed by Linkedid|agent id, with the time Asterisk-Java read it. */
    private final Map<String, Instant> rung = new ConcurrentHashMap<>();
    private final Map<String, Integer> popped = new ConcurrentHashMap<>();
    private final Set<String> wrong = ConcurrentHashMap.newKeySet();
    private final Samples endToEnd = new Samples();
    /** AgentCalled frames on the benchmark's own AMI session, keyed by Linkedid|interface. */
    private final Map<String, Instant> onTheWire = new ConcurrentHashMap<>();
    private final Map<Long, String> ifaceOf = new ConcurrentHashMap<>();
    private final Samples fromTheWire = new Samples();
    private volatile boolean listening = true;
    /** Cards that came after their pop (the card lookup outran its budget), sent again as an update: not a second pop. */
    private final java.util.concurrent.atomic.AtomicLong lateCards = new java.util.concurrent.atomic.AtomicLong();
    private volatile Instant measureFrom = Instant.MAX;

    @Override
    public Table run(Benchmark.Context ctx) {
        BenchOptions options = ctx.options();
        SwitchSimulator sim = ctx.server().simulator();
        AgentDirectory directory = ctx.server().agentLines();
        AgentCalledTap tap = new AgentCalledTap();
        long setUp = System.nanoTime();
        AgentSessions.create(ctx.server(), options.agents());
        // Closing logs every agent out of the queues; a failure there never hides the scenario's own.
        try (AgentSessions agents = new AgentSessions(ctx, options.agents())) {
            agents.open(options.agents(), this::onMessage);
            agents.sessions().forEach(s -> ifaceOf.put(s.agentId(), s.iface()));
            Duration slowestAvailable = agents.state("available");
            if (!Await.until(Duration.ofSeconds(60), () -> ctx.server().presence().all().stream()
                    .filter(s -> s.iface().startsWith("PJSIP/2") && s.loggedIn() && !s.paused()).count() >= options.agents())) {
                throw new Await.BenchFailure("agents did not all show as available in the queues within 60 s");
            }
            String setUpTime = Benchmark.seconds(System.nanoTime() - setUp) + " (slowest 'available' "
                    + slowestAvailable.toMillis() + " ms)";
            TelephonyConfig ami = TelephonyConfig.from(Config.defaults());
            Await.result(tap.start(ctx.clients(), sim.amiPort(), ami.amiUsername(), ami.amiSecret(),
                    (linkedid, iface, at) -> onTheWire.put(linkedid + "|" + iface, at)), Duration.ofSeconds(30), "AMI tap");
            if (!Await.until(Duration.ofSeconds(10), tap::isUp)) {
                throw new Await.BenchFailure("the benchmark's AMI session was not accepted by the simulator");
            }
            ctx.server().bridge().onEvent(event -> {
                if (listening && event instanceof CallEvent.AgentCalled called) {
                    directory.byInterface(called.iface()).ifPresent(a -> rung.put(called.linkedid() + "|" + a.id(), called.at()));
                }
            });
            long placedBefore = sim.callsPlaced();
            long placed = placeCalls(ctx, sim);
            boolean drained = Await.until(Duration.ofSeconds(90),
                    () -> sim.callsCompleted() + sim.callsAbandoned() >= sim.callsPlaced());
            Await.until(Duration.ofSeconds(5), () -> rung.keySet().stream().allMatch(popped::containsKey));
            listening = false;
            return table(ctx, options, setUpTime, placed, sim.callsPlaced() - placedBefore, drained, sim);
        } finally {
            listening = false;
            Await.result(tap.stop(), Duration.ofSeconds(10), "AMI tap stop");
        }
    }

    /** Calls at the configured rate: a warm-up, then the measured run. Returns calls placed. */
    private long placeCalls(Benchmark.Context ctx, SwitchSimulator sim) {
        BenchOptions options = ctx.options();
        SplittableRandom rnd = new SplittableRandom(11);
        AtomicLong started = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long total = Math.round(options.popRate() * (WARM_UP_S + options.popSeconds()));
        long begin = System.nanoTime();
        long timer = ctx.clients().setPeriodic(5, id -> {
            long due = Math.min(total, (long) ((System.nanoTime() - begin) / 1e9 * options.popRate()));
            while (started.get() < due) {
                started.incrementAndGet();
                String from = CustomerSeed.phone(1 + rnd.nextInt(options.customers()));
                sim.placeCall(from, rnd.nextInt(4) == 0 ? "complaint" : "service").onFailure(e -> failed.incrementAndGet());
            }
        });
        Await.sleep(WARM_UP_S * 1000L);
        measureFrom = Instant.now();
        Await.until(Duration.ofSeconds(options.popSeconds() + 30), () -> started.get() >= total);
        ctx.clients().cancelTimer(timer);
        if (failed.get() > 0) {
            throw new Await.BenchFailure(failed.get() + " calls could not be placed on the simulator");
        }
        return started.get();
    }

    /** On the client loop: a pop is right when the bridge saw AgentCalled for this call and this agent. */
    private void onMessage(long agentId, JsonObject message) {
        if (!listening || !"pop".equals(message.getString("type"))) {
            return;
        }
        if (message.getBoolean("update", false)) {
            lateCards.incrementAndGet();
            return;
        }
        Instant received = Instant.now();
        String key = message.getString("linkedid") + "|" + agentId;
        popped.merge(key, 1, Integer::sum);
        Instant read = rung.get(key);
        if (read == null) {
            // the pop may overtake the bridge subscriber that records the AgentCalled: decide at the end
            wrong.add(key);
        } else if (!read.isBefore(measureFrom)) {
            endToEnd.add(Duration.between(read, received).toNanos());
        }
        Instant wire = onTheWire.get(message.getString("linkedid") + "|" + ifaceOf.get(agentId));
        if (wire != null && !wire.isBefore(measureFrom)) {
            fromTheWire.add(Duration.between(wire, received).toNanos());
        }
    }

    private Table table(Benchmark.Context ctx, BenchOptions options, String setUpTime, long placed, long simPlaced,
                        boolean drained, SwitchSimulator sim) {
        long reallyWrong = wrong.stream().filter(k -> !rung.containsKey(k)).count();
        long missing = rung.keySet().stream().filter(k -> !popped.containsKey(k)).count();
        long duplicates = popped.values().stream().filter(n -> n > 1).count();
        long right = popped.keySet().stream().filter(rung::containsKey).count();
        ServerTimer server = ServerTimer.of(ctx.registry(), "calldesk.pop.latency");
        lastEndToEndP99 = fromTheWire.millis()[2];
        return new Table("pop", String.format(Locale.ROOT, "screen pop at %.0f calls/s for %d s, %d agents on WebSockets, %d customers",
                options.popRate(), options.popSeconds(), options.agents(), options.customers()))
                .latency("calldesk.pop.latency timer (registry, incl. warm-up)", server.millis(), server.count())
                .latency("AgentCalled read by the bridge -> pop frame received by the agent", endToEnd)
                .latency("AgentCalled on the wire (bench's own AMI session) -> pop frame received", fromTheWire)
                .value("agents: create, log in, open WebSocket, available", setUpTime)
                .value("calls placed (warm-up " + WARM_UP_S + " s included)", placed + " (simulator: " + simPlaced + ")")
                .value("calls completed / abandoned (simulator, whole run)", sim.callsCompleted() + " / " + sim.callsAbandoned()
                        + (drained ? "" : " -- NOT DRAINED within 90 s"))
                .value("AgentCalled for bench agents", rung.size())
                .value("pops to the right agent / wrong agent / missing / duplicated",
                        right + " / " + reallyWrong + " / " + missing + " / " + duplicates)
                .value("cards that came after their pop, sent as an update", String.valueOf(lateCards.get()))
                .budget("pop p99 <= 10 ms (calldesk.pop.latency)", server.millis()[2] <= 10.0, "p99 " + Table.ms(server.millis()[2]) + " ms")
                .budget("every AgentCalled pops once, to its agent", reallyWrong == 0 && missing == 0 && duplicates == 0,
                        right + " of " + rung.size());
    }
}

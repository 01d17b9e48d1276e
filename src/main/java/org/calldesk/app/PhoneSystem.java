package org.calldesk.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.calldesk.agents.ConsoleRoutes;
import org.calldesk.customers.CustomerStore;
import org.calldesk.routing.CallRouter;
import org.calldesk.routing.PriorityAgeing;
import org.calldesk.routing.RoutingPolicy;
import org.calldesk.screenpop.Cards;
import org.calldesk.screenpop.ScreenPop;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.Telephony;
import org.calldesk.telephony.sim.CallerSource;
import org.calldesk.telephony.sim.SimSettings;
import org.calldesk.telephony.sim.SwitchSimulator;
import org.calldesk.web.Sockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The phone side of a calldesk node wired together: the switch simulator (in simulator mode), the AMI
 * bridge and FastAGI server, routing by value with priority ageing, and the screen pop.
 */
public final class PhoneSystem {

    private static final Logger log = LoggerFactory.getLogger(PhoneSystem.class);
    private static final long CARD_MAX_AGE_MS = 4 * 3600_000L;

    private final Vertx vertx;
    private final JsonObject config;
    private final List<Long> timers = new ArrayList<>();
    private SwitchSimulator simulator;
    private Telephony telephony;
    private CallRouter router;
    private Cards cards;
    private org.calldesk.routing.Callbacks callbacks;

    private PhoneSystem(Vertx vertx, JsonObject config) {
        this.vertx = vertx;
        this.config = config;
    }

    public static Future<PhoneSystem> start(Vertx vertx, JsonObject config, Pool pg, Redis redis, CustomerStore customers,
                                           MeterRegistry meters) {
        PhoneSystem phones = new PhoneSystem(vertx, config);
        return phones.startAll(pg, redis, customers, meters).map(phones);
    }

    private Future<Void> startAll(Pool pg, Redis redis, CustomerStore customers, MeterRegistry meters) {
        JsonObject telephonyConfig = config.getJsonObject("telephony", new JsonObject());
        RoutingPolicy policy = RoutingPolicy.from(config);
        cards = new Cards(redis);
        router = new CallRouter(policy, customers, pg, cards, Clock.systemDefaultZone());
        callbacks = new org.calldesk.routing.Callbacks(pg, customers, policy, Clock.systemDefaultZone());
        scripts.put("callback", callbacks);
        Future<Void> pbx = Future.succeededFuture();
        if ("simulator".equals(telephonyConfig.getString("mode", "simulator"))) {
            simulator = new SwitchSimulator(vertx, SimSettings.from(config));
            pbx = simulator.start().onSuccess(v -> {
                // The bridge reaches the simulator over TCP like any Asterisk, at the port it really took.
                JsonObject ami = telephonyConfig.getJsonObject("ami");
                ami.put("host", "127.0.0.1").put("port", simulator.amiPort());
                log.info("switch simulator listening for AMI on 127.0.0.1:{}", simulator.amiPort());
            });
        }
        Map<String, org.asteriskjava.fastagi.AgiScript> lateScripts = Map.of(
                "complaint-status", lateScript("complaint-status"), "callback", lateScript("callback"));
        return pbx.compose(v -> warmUpRouting(pg))
                .compose(v -> Telephony.start(vertx, config, pg, router, lateScripts, meters))
                .map(t -> {
                    telephony = t;
                    router.presence(t.presence());
                    t.store().onHistoryChanged(customers::forget);
                    ScreenPop pop = new ScreenPop(vertx, cards, t.agents(), t.live());
                    t.bridge().onEvent(pop::accept);
                    t.live().onCallEnded(pop::ended);
                    AgentDirectory agents = t.agents();
                    t.presence().onChange(state -> agents.byInterface(state.iface()).ifPresent(agent ->
                            Sockets.toUser(vertx, agent.id(), new JsonObject().put("type", "state")
                                    .put("member", ConsoleRoutes.stateJson(state)), null)));
                    // Boards hear of queue changes at most once a second, however busy the queues are.
                    boolean[] queuesChanged = {false};
                    t.live().onCallChange(call -> queuesChanged[0] = true);
                    timers.add(vertx.setPeriodic(1000, id -> t.bridge().runOnBridge(() -> {
                        if (queuesChanged[0]) {
                            queuesChanged[0] = false;
                            vertx.eventBus().publish(Sockets.BOARD, new JsonObject().put("type", "queue-changed"));
                        }
                    })));
                    PriorityAgeing ageing = new PriorityAgeing(policy, t.live(), t.bridge());
                    timers.add(vertx.setPeriodic(1000, id -> t.bridge().runOnBridge(() -> ageing.tick(Instant.now()))));
                    timers.add(vertx.setPeriodic(600_000, id -> cards.expire(CARD_MAX_AGE_MS)));
                    return null;
                });
    }

    private final Map<String, org.asteriskjava.fastagi.AgiScript> scripts = new java.util.concurrent.ConcurrentHashMap<>();

    /** FastAGI scripts of features started after the phone side (the complaint desk's complaint-status). */
    public void addScript(String name, org.asteriskjava.fastagi.AgiScript script) {
        scripts.put(name, script);
    }

    private org.asteriskjava.fastagi.AgiScript lateScript(String name) {
        return (request, channel) -> {
            org.asteriskjava.fastagi.AgiScript script = scripts.get(name);
            if (script == null) {
                log.warn("FastAGI script '{}' requested but not available", name);
                channel.setVariable("CALLDESK_ERROR", "script " + name + " not available");
                return;
            }
            script.service(request, channel);
        };
    }

    /**
     * Runs the route path a few times before the first real call (class loading, JIT, prepared statements),
     * so the first callers of the day are decided, not sent down the default route for want of time.
     */
    private Future<Void> warmUpRouting(Pool pg) {
        return pg.query(AppSql.ANY_PHONE).execute()
                .map(rows -> rows.size() == 0 ? "+8613800000000" : rows.iterator().next().getString("e164"))
                .otherwise("+8613800000000")
                .compose(number -> vertx.executeBlocking(() -> {
                    long started = System.nanoTime();
                    for (int i = 0; i < 20; i++) {
                        String id = "warm-up-" + i;
                        router.route(number, i % 2 == 0 ? "service" : "complaint", id);
                        cards.forget(id);
                    }
                    log.info("routing warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
                    return (Void) null;
                }));
    }

    /** Demo mode: the demo agents log in to their queues and generated customers start calling. */
    public Future<Void> startDemoTraffic(Pool pg) {
        if (simulator == null) {
            return Future.succeededFuture();
        }
        return pg.query(AppSql.DEMO_CALLERS).execute()
                .map(rows -> {
                    List<String> numbers = new ArrayList<>();
                    for (Row row : rows) {
                        // Valuable customers call more often: weight the draw by tier.
                        int weight = switch (String.valueOf(row.getString("tier"))) {
                            case "platinum" -> 4;
                            case "gold" -> 2;
                            default -> 1;
                        };
                        for (int i = 0; i < weight; i++) {
                            numbers.add(row.getString("e164"));
                        }
                    }
                    return numbers;
                })
                .onSuccess(numbers -> whenLinkUp(() -> {
                    telephony.agents().refresh().onSuccess(v -> {
                        for (int i = 1; i <= DemoData.AGENTS; i++) {
                            telephony.agents().byUsername("agent" + i).ifPresent(line -> telephony.presence().available(line)
                                    .onFailure(e -> log.warn("demo agent {} not logged in: {}", line.username(), e.getMessage())));
                        }
                    });
                    if (!numbers.isEmpty()) {
                        CallerSource source = rnd -> numbers.get(rnd.nextInt(numbers.size()));
                        simulator.startTraffic(source);
                        log.info("demo traffic: {} calls per minute from {} customer numbers",
                                config.getJsonObject("demo").getValue("calls_per_minute"), numbers.size());
                    }
                }))
                .mapEmpty();
    }

    private void whenLinkUp(Runnable action) {
        if (telephony.bridge().isUp()) {
            action.run();
            return;
        }
        long[] timer = new long[1];
        timer[0] = vertx.setPeriodic(250, id -> {
            if (telephony.bridge().isUp()) {
                vertx.cancelTimer(timer[0]);
                action.run();
            }
        });
    }

    /** For /health: null when the AMI link and FastAGI are up, else why not. */
    public Future<String> health() {
        if (telephony == null) {
            return Future.succeededFuture("not started");
        }
        JsonObject state = telephony.health();
        if ("up".equals(state.getString("ami")) && "up".equals(state.getString("agi"))) {
            return Future.succeededFuture(null);
        }
        String reason = "up".equals(state.getString("ami")) ? "FastAGI server not listening"
                : "AMI link down: " + state.getString("ami_error", "not connected yet");
        return Future.succeededFuture(reason);
    }

    public Future<Void> stop() {
        timers.forEach(vertx::cancelTimer);
        if (simulator != null) {
            simulator.stopTraffic();
        }
        Future<Void> stopped = telephony == null ? Future.succeededFuture() : telephony.stop().otherwiseEmpty();
        return stopped.compose(v -> simulator == null ? Future.<Void>succeededFuture() : simulator.stop().otherwiseEmpty());
    }

    public Telephony telephony() {
        return telephony;
    }

    /** The switch simulator, or null when calldesk talks to a real Asterisk. */
    public SwitchSimulator simulator() {
        return simulator;
    }

    public CallRouter router() {
        return router;
    }

    public org.calldesk.routing.Callbacks callbacks() {
        return callbacks;
    }

}

package org.calldesk.telephony;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telephony side wired together, for {@code app.Main}: agent directory, AMI bridge feeding live
 * calls, the call store and presence, then FastAGI with the route script. In simulator mode the
 * simulator must be listening on {@code telephony.ami.*} before this starts (or the bridge retries).
 */
public final class Telephony {

    private static final Logger log = LoggerFactory.getLogger(Telephony.class);

    private final TelephonyConfig config;
    private final AgentDirectory agents;
    private final AmiBridge bridge;
    private final LiveCalls live;
    private final CallStore store;
    private final AgentPresence presence;
    private final AgiServer agi;
    private final Vertx vertx;
    private String bridgeDeployment;
    private long refreshTimer = -1;

    private Telephony(Vertx vertx, TelephonyConfig config, Pool pool, RouteService routes,
                      Map<String, AgiScript> extraScripts, MeterRegistry meters) {
        this.vertx = vertx;
        this.config = config;
        this.agents = new AgentDirectory(pool);
        this.bridge = new AmiBridge(config);
        this.live = new LiveCalls();
        this.store = new CallStore(vertx, pool, agents);
        this.presence = new AgentPresence(bridge, live);
        bridge.onEvent(live::accept);
        store.attach(live);
        Map<String, AgiScript> scripts = new HashMap<>(extraScripts);
        scripts.putIfAbsent("route", new RouteScript(routes, (uniqueid, linkedid, number, info) -> {
            Instant at = Instant.now();
            bridge.runOnBridge(() -> live.routed(uniqueid, linkedid, number, info, at));
        }, meters == null ? null : RouteScript.latencyTimer(meters)));
        this.agi = new AgiServer(vertx, config, scripts);
    }

    /** With the routing policy and more FastAGI scripts (complaint-status, callback...). */
    public static Future<Telephony> start(Vertx vertx, JsonObject config, Pool pool, RouteService routes,
                                          Map<String, AgiScript> extraScripts, MeterRegistry meters) {
        TelephonyConfig cfg = TelephonyConfig.from(config);
        log.info("telephony mode {}: AMI {}:{}, FastAGI {}:{}", cfg.mode(), cfg.amiHost(), cfg.amiPort(),
            cfg.agiHost(), cfg.agiPort());
        Telephony t = new Telephony(vertx, cfg, pool, routes, extraScripts, meters);
        return t.agents.refresh()
            .compose(v -> vertx.deployVerticle(t.bridge))
            .compose(id -> {
                t.bridgeDeployment = id;
                return t.agi.start();
            })
            .map(v -> {
                t.refreshAgentsEvery(cfg.agentsRefreshMs());
                return t;
            });
    }

    /** Agents added or moved since start-up are matched by interface without a restart. */
    private void refreshAgentsEvery(long ms) {
        if (ms > 0) {
            refreshTimer = vertx.setPeriodic(ms, id -> agents.refresh()
                .onFailure(e -> log.warn("agent directory not refreshed: {}", e.getMessage())));
        }
    }

    /** For /health: the AMI link, why it is down, and FastAGI. */
    public JsonObject health() {
        return new JsonObject()
            .put("ami", bridge.isUp() ? "up" : "down")
            .put("ami_error", bridge.lastError())
            .put("agi", agi.isListening() ? "up" : "down");
    }

    public Future<Void> stop() {
        if (refreshTimer >= 0) {
            vertx.cancelTimer(refreshTimer);
        }
        Future<Void> agiStopped = agi.stop();
        return agiStopped.eventually(() -> bridgeDeployment == null
            ? Future.succeededFuture()
            : vertx.undeploy(bridgeDeployment));
    }

    /** Waiting callers by queue, best priority first; for boards, from any thread. */
    public Future<Map<String, List<WaitingCaller>>> waiting() {
        return bridge.callOnBridge(live::waitingByQueue);
    }

    /** Queue members and their state; for boards, from any thread. */
    public Future<List<QueueMemberState>> members() {
        return bridge.callOnBridge(live::members);
    }

    /** Calls in progress; from any thread. */
    public Future<List<LiveCall>> calls() {
        return bridge.callOnBridge(live::calls);
    }

    public TelephonyConfig config() {
        return config;
    }

    public AgentDirectory agents() {
        return agents;
    }

    public AmiBridge bridge() {
        return bridge;
    }

    /** Touch only on the bridge's context ({@link AmiBridge#runOnBridge}). */
    public LiveCalls live() {
        return live;
    }

    public CallStore store() {
        return store;
    }

    public AgentPresence presence() {
        return presence;
    }

    public AgiServer agi() {
        return agi;
    }
}

package org.calldesk.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.Map;
import org.calldesk.calls.CallStore;
import org.calldesk.customers.PhoneNumbers;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgiServer;
import org.calldesk.telephony.AmiBridge;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.LiveCalls;
import org.calldesk.telephony.LiveView;
import org.calldesk.telephony.RouteScript;
import org.calldesk.telephony.RouteService;
import org.calldesk.telephony.TelephonyConfig;

/**
 * The phone side wired as the composition root wires it (bridge → live calls → call store; FastAGI route script
 * handing its decisions to the bridge), without the rest of the server: for tests of that wiring alone.
 */
public final class PhoneRig {

    private final Vertx vertx;
    private final AgentDirectory agents;
    private final AmiBridge bridge;
    private final LiveView live;
    private final AgiServer agi;
    private String bridgeDeployment;

    private PhoneRig(Vertx vertx, JsonObject config, Pool pool, RouteService routes) {
        this.vertx = vertx;
        TelephonyConfig telephony = TelephonyConfig.from(config);
        agents = new AgentDirectory(pool);
        bridge = new AmiBridge(telephony);
        LiveCalls calls = new LiveCalls();
        live = new LiveView(bridge, calls);
        bridge.onEvent(calls::accept);
        // Written as they end, with no outbox: the rig's tests keep PostgreSQL up.
        CallStore store = new CallStore(pool, agents, new PhoneNumbers("CN"), customerId -> { });
        calls.subscribe(change -> {
            if (change.ended()) {
                store.store(change.call());
            }
        });
        RouteScript route = new RouteScript(routes, (uniqueid, linkedid, number, info) ->
            bridge.inject(new CallEvent.Routed(Instant.now(), linkedid, uniqueid, number, info)), null);
        agi = new AgiServer(vertx, telephony, Map.of("route", route));
    }

    public static Future<PhoneRig> start(Vertx vertx, JsonObject config, Pool pool, RouteService routes) {
        PhoneRig rig = new PhoneRig(vertx, config, pool, routes);
        return rig.agents.refresh()
            .compose(v -> vertx.deployVerticle(rig.bridge))
            .compose(id -> {
                rig.bridgeDeployment = id;
                return rig.agi.start();
            })
            .map(rig);
    }

    public AmiBridge bridge() {
        return bridge;
    }

    public LiveView live() {
        return live;
    }

    public AgiServer agi() {
        return agi;
    }

    public Future<Void> stop() {
        return agi.stop().eventually(() -> bridgeDeployment == null ? Future.succeededFuture()
            : vertx.undeploy(bridgeDeployment));
    }
}

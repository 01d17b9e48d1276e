package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.calldesk.reports.AgentStates;
import org.calldesk.reports.ReportRoutes;
import org.calldesk.reports.Reports;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentPresence;
import org.calldesk.telephony.AmiBridge;
import org.calldesk.telephony.CallEvent;

import java.time.Duration;
import java.time.Instant;

/**
 * The reports' part of the composition root: made once PostgreSQL is reachable; their rollups are checked against
 * the configured thresholds (and rebuilt if those changed) before the web server serves them. The history of agent
 * states is recorded from the phones' events on the node holding the AMI link only.
 */
final class ReportsWiring {

    /** How long a stop waits for the last agent states to be written. */
    private static final Duration LAST_WRITE = Duration.ofSeconds(5);

    private final Reports reports;
    private final AgentStates states;
    private Vertx vertx;

    private ReportsWiring(Reports reports, AgentStates states) {
        this.reports = reports;
        this.states = states;
    }

    static Future<ReportsWiring> start(Pool pg, Settings settings) {
        Reports reports = new Reports(pg, settings.reports(), settings.tiers().names(), settings.complaints().categories());
        AgentStates states = new AgentStates(pg, settings.agentStates());
        return reports.rollups().prepare().map(v -> new ReportsWiring(reports, states));
    }

    /** Every change of an agent's state, every unanswered ring and hold, while this node holds the AMI link. */
    void recordStates(Vertx vertx, AmiBridge bridge, AgentPresence presence, AgentDirectory agents) {
        this.vertx = vertx;
        presence.onChange(ClusterWiring.onHolder(bridge, status -> agents.byInterface(status.iface())
                .ifPresent(agent -> states.changed(agent.id(), status, Instant.now()))));
        bridge.onEvent(ClusterWiring.onHolder(bridge, event -> {
            if (event instanceof CallEvent.AgentRingNoAnswer missed) {
                agents.byInterface(missed.iface()).ifPresent(agent ->
                        states.ringNoAnswer(agent.id(), missed.at(), missed.queue(), missed.ringTimeMs()));
            } else if (event instanceof CallEvent.Hold hold) {
                agents.byInterface(hold.iface()).ifPresent(agent -> states.hold(agent.id(), hold.on(), hold.at()));
            }
        }));
        states.start(vertx, bridge::holdsLink);
    }

    /** The open intervals close now and everything is written, within a bounded wait. */
    Future<Void> stop() {
        if (vertx == null) {
            return Future.succeededFuture();
        }
        states.stop(vertx);
        return states.close(Instant.now()).timeout(LAST_WRITE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .otherwiseEmpty();
    }

    AgentStates states() {
        return states;
    }

    ReportRoutes routes() {
        return reports.routes();
    }
}

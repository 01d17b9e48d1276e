package org.calldesk.routing;

import io.vertx.core.Future;
import org.calldesk.customers.CustomerCard;
import org.calldesk.customers.CustomerStore;
import org.calldesk.telephony.CallChanged;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.RouteInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Gives a node the route decisions it did not make itself, from {@link RouteDecisions}: a caller who was routed
 * before this node started (a restart while they waited) gets the route back on the live call, so the board shows
 * their tier and the stored call their customer; and a pop whose card is neither in memory nor in Redis is rebuilt.
 */
public final class RouteRecovery {

    private static final Logger log = LoggerFactory.getLogger(RouteRecovery.class);
    private static final int REMEMBERED = 20_000;

    private final RouteDecisions decisions;
    private final CustomerStore customers;
    private final CallRouter.ComplaintSource complaints;
    private final Consumer<CallEvent> inject;
    /** Calls already looked up, by Linkedid: a call calldesk never routed (click-to-call) is asked about once. */
    private final Set<String> asked = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** @param inject hands a recovered decision to the AMI bridge, which applies it to the live call like any other */
    public RouteRecovery(RouteDecisions decisions, CustomerStore customers, CallRouter.ComplaintSource complaints,
                         Consumer<CallEvent> inject) {
        this.decisions = decisions;
        this.customers = customers;
        this.complaints = complaints;
        this.inject = inject;
    }

    /** Every change to a live call, on the bridge's context: a call this node knows without a route is looked up. */
    public void changed(CallChanged change) {
        LiveCall call = change.call();
        if (change.ended() || call.route() != null || !asked.add(call.linkedid())) {
            return;
        }
        decisions.find(call.callerUniqueid(), call.linkedid())
                .onSuccess(found -> found.ifPresent(decided -> {
                    RouteInfo route = decided.route();
                    log.info("call {}: route decided at {} restored from PostgreSQL (customer {}, {} priority {})",
                            call.linkedid(), decided.decidedAt(), route.customerId(), route.tier(), route.priority());
                    inject.accept(new CallEvent.Routed(Instant.now(), call.linkedid(), decided.uniqueid(),
                            decided.callerNumber(), route));
                }))
                .onFailure(e -> {
                    // Asked again on the call's next change: the database may be back by then.
                    asked.remove(call.linkedid());
                    log.warn("call {}: route decision not looked up: {}", call.linkedid(), e.getMessage());
                });
    }

    /**
     * The decision for this caller with what is known of them now (their card and open complaints), as routing would
     * have handed it to the pop; empty when calldesk did not route the call.
     */
    public Future<Optional<RoutedCaller>> routedCaller(String uniqueid, String linkedid) {
        return decisions.find(uniqueid, linkedid).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            RouteDecisions.Decided decided = found.get();
            RouteInfo route = decided.route();
            Future<Optional<CustomerCard>> customer = route.customerId() == null
                    ? Future.succeededFuture(Optional.empty())
                    : customers.byId(route.customerId());
            Future<CallerComplaints> open = route.customerId() == null ? Future.succeededFuture(CallerComplaints.NONE)
                    : customers.phones().e164(decided.callerNumber())
                            .map(e164 -> complaints.forCaller(e164).otherwise(CallerComplaints.NONE))
                            .orElse(Future.succeededFuture(CallerComplaints.NONE));
            return Future.all(customer, open).map(all -> Optional.of(new RoutedCaller(decided.uniqueid(),
                    decided.callerNumber(), IvrChoice.parse(route.ivr()), customer.result().orElse(null),
                    open.result().open(), decision(route))));
        });
    }

    private static RouteDecision decision(RouteInfo route) {
        return new RouteDecision(route.queue(), Math.max(0, route.priority()),
                route.agent() == null || route.agent().isBlank() ? null : route.agent(),
                route.greeting() == null || route.greeting().isBlank() ? RouteDecision.GREETING_DEFAULT : route.greeting(),
                route.reason());
    }
}

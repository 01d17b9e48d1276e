package org.calldesk.routing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.calldesk.customers.CustomerCard;
import org.calldesk.customers.CustomerStore;
import org.calldesk.telephony.AgentPresence;
import org.calldesk.telephony.RouteInfo;
import org.calldesk.telephony.RouteService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code route} FastAGI script's brain: gathers what is known of the caller within the budget, lets
 * the policy decide, and tells who prepares the screen-pop card, so the ring is a lookup, not a query. Runs on a
 * FastAGI worker thread, so it may wait, but never longer than the budget: a slow or dead database gives
 * the default route with the reason saying so, never a dropped call. Callers routed at the same moment have their
 * facts asked for together, a few queries for the lot ({@link Batcher}), so a burst does not queue a query per caller.
 */
public final class CallRouter implements RouteService {

    private static final Logger log = LoggerFactory.getLogger(CallRouter.class);

    /** What routing needs to know about complaints; the complaint desk supplies it. */
    public interface ComplaintSource {
        /** The open complaints of whoever calls from this E.164 number (none for an unknown number). */
        Future<CallerComplaints> forCaller(String e164);

        /**
         * {@link #forCaller} for the numbers of many concurrent callers; a number without open complaints may be left
         * out. A source that can should ask in one query: this one asks number by number.
         */
        default Future<Map<String, CallerComplaints>> forCallers(List<String> e164s) {
            Map<String, CallerComplaints> found = new ConcurrentHashMap<>();
            List<Future<CallerComplaints>> asked = new ArrayList<>();
            for (String e164 : e164s) {
                asked.add(forCaller(e164).onSuccess(open -> found.put(e164, open)));
            }
            return Future.all(asked).map(all -> found);
        }

        /** A repeat call from a customer with an open complaint escalates it, once per call. */
        Future<Void> escalateForRepeatCall(long customerId, String callId);

        ComplaintSource NONE = new ComplaintSource() {
            public Future<Void> escalateForRepeatCall(long customerId, String callId) {
                return Future.succeededFuture();
            }

            public Future<CallerComplaints> forCaller(String e164) {
                return Future.succeededFuture(CallerComplaints.NONE);
            }
        };
    }

    private record Facts(CallerFacts caller, CustomerCard customer, List<OpenComplaint> openComplaints) {
    }

    /** What a batch found for a number that belongs to a customer. */
    private record Known(CustomerCard customer, int calls24h, CallerComplaints complaints) {
    }

    private final RoutingPolicy policy;
    private final CustomerStore customers;
    private final Pool pg;
    private final ComplaintSource complaints;
    private final AgentPresence presence;
    private final Consumer<RoutedCaller> decided;
    private final Clock clock;
    private final Batcher<String, Known> known;

    /**
     * @param presence the phone system's view of agents, for "is the account manager free"
     * @param decided  told of every decision with what was known of the caller (the screen pop prepares its card
     *                 from it); runs on the FastAGI thread, so it must hand off, not block
     */
    public CallRouter(RoutingPolicy policy, CustomerStore customers, Pool pg, ComplaintSource complaints,
                      AgentPresence presence, Consumer<RoutedCaller> decided, Clock clock) {
        this.policy = policy;
        this.customers = customers;
        this.pg = pg;
        this.complaints = complaints;
        this.presence = presence;
        this.decided = decided;
        this.clock = clock;
        RoutingPolicy.Batching batching = policy.batching();
        this.known = new Batcher<>(this::lookUp, batching.maxCallers(), batching.inFlight(), batching.stuckAfterMs());
    }

    @Override
    public RouteInfo route(String callerNumber, String ivr, String uniqueid) {
        long started = System.nanoTime();
        IvrChoice choice = IvrChoice.parse(ivr);
        RouteDecision decision;
        Facts facts = null;
        Future<Facts> gathering = null;
        boolean late = false;
        try {
            gathering = gather(callerNumber, choice);
            facts = gathering.toCompletionStage().toCompletableFuture()
                    .get(policy.budget().toMillis(), TimeUnit.MILLISECONDS);
            decision = policy.decide(facts.caller());
            escalateIfRepeat(facts.caller(), uniqueid);
        } catch (TimeoutException e) {
            decision = policy.fallback("caller facts took longer than " + policy.budget().toMillis() + " ms");
            late = true;
        } catch (ExecutionException e) {
            decision = policy.fallback("customer data unavailable (" + e.getCause().getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            decision = policy.fallback("interrupted");
        }
        CustomerCard customer = facts == null ? null : facts.customer();
        Long customerId = customer == null ? null : customer.id();
        String tier = customer == null ? null : customer.tier();
        decided.accept(new RoutedCaller(uniqueid, callerNumber, choice, customer,
                facts == null ? List.of() : facts.openComplaints(), decision));
        if (late) {
            // Only now: facts that came in between must not be overwritten by the card without them.
            whenLate(gathering, uniqueid, callerNumber, choice, decision);
        }
        log.debug("route {} from {}: queue {} priority {} ({}) in {} us", uniqueid, callerNumber, decision.queue(),
                decision.priority(), decision.reason(), (System.nanoTime() - started) / 1000);
        return new RouteInfo(customerId, tier, decision.priority(), decision.reason(), decision.queue(), choice.code(),
                decision.agent() == null ? "" : decision.agent(), decision.greeting());
    }

    /**
     * Facts that missed the budget still tell who is calling when they come: the call keeps the default route it was
     * given, but the agent's card need not offer to create a customer who exists.
     */
    private void whenLate(Future<Facts> gathering, String uniqueid, String callerNumber, IvrChoice choice,
                          RouteDecision taken) {
        gathering.onSuccess(late -> {
            if (late.customer() != null) {
                log.info("route {}: caller facts came late; customer {} told to the pop", uniqueid, late.customer().id());
                decided.accept(new RoutedCaller(uniqueid, callerNumber, choice, late.customer(), late.openComplaints(), taken));
            }
        });
    }

    /**
     * Decides as {@link #route} would, without a budget and without telling anyone or escalating anything: runs the
     * route's code paths and statements before the first caller needs them.
     */
    public Future<RoutedCaller> rehearse(String callerNumber, String ivr) {
        IvrChoice choice = IvrChoice.parse(ivr);
        return gather(callerNumber, choice).map(facts -> new RoutedCaller(null, callerNumber, choice, facts.customer(),
                facts.openComplaints(), policy.decide(facts.caller())));
    }

    @Override
    public RouteInfo fallback(String ivr, String why) {
        RouteDecision decision = policy.fallback(why);
        return new RouteInfo(null, null, decision.priority(), decision.reason(), decision.queue(), IvrChoice.parse(ivr).code(),
                "", decision.greeting());
    }

    private void escalateIfRepeat(CallerFacts caller, String callId) {
        if (caller.customerId() != null && caller.complaints().open() > 0 && policy.isRepeatCaller(caller.calls24h())) {
            complaints.escalateForRepeatCall(caller.customerId(), callId)
                    .onFailure(e -> log.warn("repeat call {} did not escalate the complaint of customer {}: {}",
                            callId, caller.customerId(), e.getMessage()));
        }
    }

    private Future<Facts> gather(String callerNumber, IvrChoice ivr) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        Optional<String> e164 = customers.phones().e164(callerNumber);
        if (e164.isEmpty()) {
            return Future.succeededFuture(new Facts(CallerFacts.unknown(callerNumber, 0, ivr, now), null, List.of()));
        }
        return known.get(e164.get()).map(found -> found == null
                ? new Facts(CallerFacts.unknown(callerNumber, 0, ivr, now), null, List.of())
                : new Facts(CallerFacts.of(callerNumber, found.customer(), this::free, found.complaints().facts(),
                        found.calls24h(), ivr, now), found.customer(), found.complaints().open()));
    }

    /**
     * The facts of a batch of callers: their cards, calls in the last 24 h and open complaints, each asked once for
     * all the numbers and all three at once, since the count and the complaints are found by number too. The budget
     * covers the slowest of the three, not their sum. A number nobody owns is left out.
     */
    private Future<Map<String, Known>> lookUp(List<String> e164s) {
        Future<Map<String, CustomerCard>> cards = customers.byE164s(e164s);
        Future<Map<String, Integer>> calls = callsInLastDay(e164s);
        Future<Map<String, CallerComplaints>> open = complaints.forCallers(e164s)
                .otherwise(Map.<String, CallerComplaints>of());
        return Future.all(cards, calls, open).map(all -> {
            Map<String, Known> found = new HashMap<>();
            cards.result().forEach((e164, card) -> found.put(e164, new Known(card, calls.result().getOrDefault(e164, 0),
                    open.result().getOrDefault(e164, CallerComplaints.NONE))));
            return found;
        });
    }

    private boolean free(String iface) {
        return presence.state(iface).free();
    }

    private Future<Map<String, Integer>> callsInLastDay(List<String> e164s) {
        return pg.preparedQuery(RoutingSql.CALLS_IN_LAST_DAY).execute(Tuple.tuple().addArrayOfString(e164s.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Integer> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(row.getString("e164"), row.getInteger("n")));
                    return counts;
                });
    }
}

package org.calldesk.routing;

import io.vertx.core.json.JsonObject;
import org.calldesk.calendar.BusinessCalendar;
import org.calldesk.customers.Tiers;
import org.calldesk.platform.ConfigSection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Routing by value: caller facts in, route decision out. A pure function of the {@code routing}
 * config section, so it can run inside the AGI budget and be tested by table.
 */
public final class RoutingPolicy {

    static final String UNKNOWN_TIER = "unknown";
    /** The keys of {@code routing.queues}: the IVR choices, and {@code default} for no or another choice. */
    private static final List<String> QUEUE_KEYS = List.of("service", "complaint", "status", "default");

    private final Map<IvrChoice, String> queues;
    private final String vipQueue;
    private final Set<String> vipTiers;
    private final Map<String, Integer> tierPriority;
    private final int repeatCallerBoost;
    private final int repeatCallerCalls;
    private final int openComplaintBoost;
    private final int atRiskBoost;
    private final int breachedBoost;
    private final int maxPriority;
    private final Set<String> accountManagerFirst;
    private final Duration ageingEvery;
    private final int ageingStep;
    private final int ageingMax;
    private final Duration budget;
    private final Batching batching;
    private final BusinessCalendar openingHours;

    /**
     * How the facts of concurrent callers are read, and their decisions written, together: at most {@code maxCallers}
     * callers per batch, and {@code inFlight} batches out at once (callers who come meanwhile wait for the next). A
     * batch not back after {@code stuckAfterMs} stops counting as out, so a stuck query cannot hold every later caller.
     */
    public record Batching(int maxCallers, int inFlight, long stuckAfterMs) {
    }

    private RoutingPolicy(ConfigSection routing, List<String> tiers) {
        this.queues = readQueues(routing.section("queues"));
        this.vipQueue = routing.stringOrEmpty("vip_queue");
        this.vipTiers = tierSet(routing, "vip_tiers", tiers);
        this.tierPriority = readTierPriority(routing.section("tier_priority"), tiers);
        ConfigSection boosts = routing.section("boosts");
        this.repeatCallerBoost = boosts.nonNegativeInt("repeat_caller");
        this.openComplaintBoost = boosts.nonNegativeInt("open_complaint");
        this.atRiskBoost = boosts.nonNegativeInt("complaint_at_risk");
        this.breachedBoost = boosts.nonNegativeInt("complaint_breached");
        this.repeatCallerCalls = routing.section("repeat_caller").positiveInt("calls");
        this.maxPriority = routing.nonNegativeInt("max_priority");
        this.accountManagerFirst = tierSet(routing, "account_manager_first", tiers);
        ConfigSection ageing = routing.section("ageing");
        this.ageingEvery = Duration.ofSeconds(ageing.positiveInt("every_s"));
        this.ageingStep = ageing.nonNegativeInt("step");
        this.ageingMax = ageing.nonNegativeInt("max");
        this.budget = Duration.ofMillis(routing.positiveInt("budget_ms"));
        ConfigSection batch = routing.section("batch");
        // Well past the budget: a batch merely slow under load is not to be joined by more work on the same database.
        this.batching = new Batching(batch.positiveInt("max_callers"), batch.positiveInt("in_flight"), 10 * budget.toMillis());
        this.openingHours = routing.optionalSection("after_hours").map(BusinessCalendar::from).orElse(null);
    }

    /** Reads {@code routing} from the whole calldesk config; tier names are checked against {@code tiers}. */
    public static RoutingPolicy from(JsonObject config) {
        ConfigSection root = ConfigSection.root(config);
        return from(root, Tiers.from(root));
    }

    public static RoutingPolicy from(ConfigSection root, Tiers tiers) {
        return new RoutingPolicy(root.section("routing"), tiers.keys());
    }

    public RouteDecision decide(CallerFacts facts) {
        String tier = facts.tier() == null ? null : facts.tier().trim().toLowerCase(Locale.ROOT);
        List<String> terms = new ArrayList<>();
        int total;
        if (tier == null) {
            total = tierPriority.get(UNKNOWN_TIER);
            terms.add("unknown caller " + total);
        } else if (tierPriority.containsKey(tier)) {
            total = tierPriority.get(tier);
            terms.add(tier + " tier " + total);
        } else {
            // a tier the data knows but the config does not: treat like an unknown caller, and say so
            total = tierPriority.get(UNKNOWN_TIER);
            terms.add("unconfigured tier " + tier + " " + total);
        }

        // the worst complaint state counts once: breached and at-risk replace the open-complaint boost
        ComplaintFacts complaints = facts.complaints();
        if (complaints.breached()) {
            total += addTerm(terms, "complaint breached", breachedBoost);
        } else if (complaints.atRisk()) {
            total += addTerm(terms, "complaint at risk", atRiskBoost);
        } else if (complaints.open() > 0) {
            total += addTerm(terms, "open complaint", openComplaintBoost);
        }
        if (facts.calls24h() >= repeatCallerCalls) {
            total += addTerm(terms, "repeat caller", repeatCallerBoost);
        }

        int priority = Math.min(total, maxPriority);
        StringBuilder reason = new StringBuilder(String.join(" + ", terms)).append(" = ").append(total);
        if (priority < total) {
            reason.append(", capped at ").append(maxPriority);
        }

        String queue = queues.get(facts.ivr());
        boolean vip = tier != null && vipTiers.contains(tier);
        if (vip && !vipQueue.isEmpty()) {
            queue = vipQueue;
            reason.append("; ").append(tier).append(" to the ").append(vipQueue).append(" queue");
        }

        String agent = null;
        if (tier != null && accountManagerFirst.contains(tier)) {
            AccountManager manager = facts.accountManager();
            if (manager == null) {
                reason.append("; no account manager");
            } else if (manager.canRing()) {
                agent = manager.dialString();
                reason.append("; account manager ").append(manager.username()).append(" first");
            } else if (manager.free()) {
                reason.append("; account manager ").append(manager.username()).append(" has no phone");
            } else {
                reason.append("; account manager ").append(manager.username()).append(" busy");
            }
        }

        String greeting;
        if (openingHours != null && !openingHours.isOpen(facts.now().toInstant())) {
            greeting = RouteDecision.GREETING_AFTER_HOURS;
            reason.append("; outside opening hours");
        } else if (vip) {
            greeting = RouteDecision.GREETING_VIP;
        } else if (facts.known()) {
            greeting = RouteDecision.GREETING_KNOWN;
        } else {
            greeting = RouteDecision.GREETING_DEFAULT;
        }
        return new RouteDecision(queue, priority, agent, greeting, reason.toString());
    }

    /**
     * The priority of a caller who has waited {@code waited}: one {@code step} per {@code every_s},
     * at most {@code max} above where they started and never above {@code max_priority}; a caller
     * whose base is already above the cap keeps it.
     */
    /** Whether this many earlier calls in 24 h make the caller a repeat caller. */
    public boolean isRepeatCaller(int calls24h) {
        return calls24h >= repeatCallerCalls;
    }

    public int agedPriority(int base, Duration waited) {
        if (waited == null || waited.isNegative() || ageingStep == 0) {
            return base;
        }
        long steps = waited.getSeconds() / ageingEvery.getSeconds();
        long rise = steps >= (ageingMax + ageingStep - 1) / ageingStep ? ageingMax : steps * ageingStep;
        return (int) Math.max(base, Math.min(base + rise, maxPriority));
    }

    /** The default route with this config's default queue. */
    public RouteDecision fallback(String why) {
        return RouteDecision.fallback(queues.get(IvrChoice.UNKNOWN), why);
    }

    public Duration budget() {
        return budget;
    }

    public Batching batching() {
        return batching;
    }

    /** How often a waiting caller's priority should be re-evaluated. */
    public Duration ageingEvery() {
        return ageingEvery;
    }

    public int maxPriority() {
        return maxPriority;
    }

    private static int addTerm(List<String> terms, String label, int boost) {
        if (boost > 0) {
            terms.add(label + " " + boost);
        }
        return boost;
    }

    private static Map<IvrChoice, String> readQueues(ConfigSection section) {
        for (String key : section.keys()) {
            if (!QUEUE_KEYS.contains(key)) {
                throw section.bad(key, "unknown IVR choice; use service, complaint, status or default");
            }
        }
        Map<String, String> byKey = new HashMap<>();
        for (String key : QUEUE_KEYS) {
            String queue = section.stringOrEmpty(key);
            if (queue.isEmpty()) {
                throw section.bad(key, "queue name must not be empty");
            }
            byKey.put(key, queue);
        }
        Map<IvrChoice, String> queues = new HashMap<>();
        for (IvrChoice choice : IvrChoice.values()) {
            queues.put(choice, byKey.get(choice == IvrChoice.UNKNOWN ? "default" : choice.code()));
        }
        return Map.copyOf(queues);
    }

    /** Every tier, and callers of no tier, need a base priority: a tier left out is a mistake, not a zero. */
    private static Map<String, Integer> readTierPriority(ConfigSection section, List<String> tiers) {
        List<String> keys = new ArrayList<>(tiers);
        keys.add(UNKNOWN_TIER);
        for (String key : section.keys()) {
            if (!keys.contains(key.toLowerCase(Locale.ROOT))) {
                throw section.bad(key, "unknown tier; known tiers are " + String.join(", ", tiers) + " and unknown");
            }
        }
        Map<String, Integer> priority = new HashMap<>();
        for (String key : section.keys()) {
            priority.put(key.toLowerCase(Locale.ROOT), section.nonNegativeInt(key));
        }
        for (String tier : keys) {
            if (!priority.containsKey(tier)) {
                throw section.bad(tier, "is missing; every tier and unknown need a priority");
            }
        }
        return Map.copyOf(priority);
    }

    private static Set<String> tierSet(ConfigSection routing, String key, List<String> tiers) {
        List<String> names = routing.strings(key);
        for (String name : names) {
            if (!tiers.contains(name.toLowerCase(Locale.ROOT))) {
                throw routing.bad(key, "unknown tier '" + name + "'; known tiers are " + String.join(", ", tiers));
            }
        }
        return Set.copyOf(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    }
}

package org.calldesk.telephony;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.calldesk.telephony.CallerLookup.Caller;

/**
 * A stand-in policy for tests of the FastAGI plumbing: queue by IVR choice, priority by tier, and
 * the default route when the lookup is slow or fails. The server uses routing.CallRouter.
 */
public final class DefaultRouteService implements RouteService {

    private static final Map<String, Integer> PRIORITY_BY_TIER =
        Map.of("platinum", 30, "gold", 20, "silver", 10, "bronze", 0);

    private final CallerLookup lookup;
    private final long budgetMs;

    public DefaultRouteService(CallerLookup lookup, long budgetMs) {
        this.lookup = lookup;
        this.budgetMs = budgetMs;
    }

    @Override
    public RouteInfo route(String callerNumber, String ivr, String uniqueid) {
        String choice = ivr == null ? "" : ivr.trim().toLowerCase(Locale.ROOT);
        String queue = queueFor(choice);
        if (callerNumber == null || callerNumber.isBlank() || "unknown".equalsIgnoreCase(callerNumber)) {
            return new RouteInfo(null, null, 0, "no caller number: default priority", queue, choice, "", "standard");
        }
        Optional<Caller> caller;
        try {
            caller = lookup.byNumber(callerNumber).toCompletionStage().toCompletableFuture()
                .get(budgetMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fallback(queue, choice, "customer lookup took over " + budgetMs + " ms");
        } catch (ExecutionException e) {
            return fallback(queue, choice, "customer lookup failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback(queue, choice, "customer lookup interrupted");
        }
        if (caller.isEmpty()) {
            return new RouteInfo(null, null, 0, "unknown caller: default priority", queue, choice, "", "standard");
        }
        Caller c = caller.get();
        String tier = c.tier() == null ? null : c.tier().toLowerCase(Locale.ROOT);
        int priority = tier == null ? 0 : PRIORITY_BY_TIER.getOrDefault(tier, 0);
        String reason = (tier == null ? "customer without tier" : tier + " customer") + ": priority " + priority
            + (choice.equals("complaint") ? ", complaint line" : "");
        String greeting = "platinum".equals(tier) ? "key-customer" : "standard";
        return new RouteInfo(c.customerId(), tier, priority, reason, queue, choice, "", greeting);
    }

    private static String queueFor(String choice) {
        return switch (choice) {
            case "complaint", "complaints" -> "complaints";
            default -> "service";
        };
    }

    private static RouteInfo fallback(String queue, String choice, String why) {
        return new RouteInfo(null, null, 0, "default route: " + why, queue, choice, "", "standard");
    }
}

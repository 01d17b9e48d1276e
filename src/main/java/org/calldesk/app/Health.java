package org.calldesk.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Liveness, readiness and the detailed status, kept apart so that a load balancer pulls a node only when it cannot
 * take traffic, not when a cache is down:
 * <ul>
 * <li>{@code /health/live}: the process answers; 200 while it runs, even while it stops.</li>
 * <li>{@code /health/ready}: it can take traffic, every part it {@link Need#READY needs} is up and it is not
 * stopping; 200 or 503.</li>
 * <li>{@code /health}: each part UP or DOWN with its reason, and the node UP, DEGRADED (ready, but something is
 * down) or DOWN (not ready); 503 only when not ready.</li>
 * </ul>
 * Also {@code /metrics} for Prometheus, and a background watch that logs each part going down and coming back.
 */
public final class Health implements WebVerticle.Routes {

    private static final Logger log = LoggerFactory.getLogger(Health.class);
    private static final long CHECK_TIMEOUT_MS = 2000;

    /** What a part being down means for the node. */
    public enum Need {
        /** Without it the node cannot serve: it is not ready. */
        READY,
        /** The node still serves without it, degraded. */
        DEGRADES
    }

    private record Part(Need need, Supplier<Future<String>> check) {}

    /** The outcome of one round of checks: a reason per part that is down. */
    public record Report(Map<String, String> down, Map<String, Need> needs, boolean stopping) {

        public boolean ready() {
            return !stopping && down.keySet().stream().noneMatch(name -> needs.get(name) == Need.READY);
        }

        /** UP, DEGRADED or DOWN. */
        public String status() {
            return !ready() ? "DOWN" : down.isEmpty() ? "UP" : "DEGRADED";
        }

        public JsonObject json() {
            JsonObject checks = new JsonObject();
            needs.keySet().forEach(name -> checks.put(name, down.containsKey(name) ? "DOWN" : "UP"));
            JsonObject body = new JsonObject().put("status", status()).put("checks", checks);
            JsonObject reasons = new JsonObject(new LinkedHashMap<>(down));
            if (stopping) {
                reasons.put("node", "stopping");
            }
            if (!reasons.isEmpty()) {
                body.put("reasons", reasons);
            }
            return body;
        }
    }

    /** A check answers with null when healthy, or a short reason when not. */
    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final PrometheusMeterRegistry registry;
    private final Vertx vertx;
    private volatile boolean stopping;
    private long watchTimer = -1;
    /** For the watch: since when each part has been down. */
    private final Map<String, Instant> downSince = new HashMap<>();

    public Health(Vertx vertx, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
    }

    public Health register(String name, Need need, Supplier<Future<String>> check) {
        parts.put(name, new Part(need, check));
        return this;
    }

    /** From now on the node is not ready: a load balancer stops sending it work while it finishes what it has. */
    public void stopping() {
        stopping = true;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/health/live").handler(ctx -> answer(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(this::ready);
        router.get("/health").handler(ctx -> check().onSuccess(report ->
                answer(ctx, report.ready() ? 200 : 503, report.json())));
        if (registry != null) {
            router.get("/metrics").handler(ctx -> vertx.executeBlocking(registry::scrape, false)
                    .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text))
                    .onFailure(ctx::fail));
        }
    }

    private void ready(RoutingContext ctx) {
        check(Need.READY).onSuccess(report -> {
            JsonObject body = new JsonObject().put("status", report.ready() ? "UP" : "DOWN");
            JsonObject full = report.json();
            if (full.containsKey("reasons")) {
                body.put("reasons", full.getJsonObject("reasons"));
            }
            answer(ctx, report.ready() ? 200 : 503, body);
        });
    }

    private static void answer(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }

    /** Every part checked. */
    public Future<Report> check() {
        return check(null);
    }

    /** The parts of this need (all when null) checked at once, each bounded in time. */
    private Future<Report> check(Need only) {
        List<String> names = new ArrayList<>();
        List<Future<String>> results = new ArrayList<>();
        parts.forEach((name, part) -> {
            if (only != null && part.need() != only) {
                return;
            }
            Future<String> result;
            try {
                result = part.check().get();
            } catch (RuntimeException e) {
                result = Future.failedFuture(e);
            }
            names.add(name);
            results.add(result.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .recover(e -> Future.succeededFuture(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        });
        return Future.join(results).transform(ignored -> {
            Map<String, String> down = new LinkedHashMap<>();
            Map<String, Need> needs = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                needs.put(names.get(i), parts.get(names.get(i)).need());
                String reason = results.get(i).result();
                if (reason != null) {
                    down.put(names.get(i), reason);
                }
            }
            return Future.succeededFuture(new Report(down, needs, stopping));
        });
    }

    /**
     * Checks every part this often and logs each change: a part going down at WARN, coming back at INFO, so that
     * the log tells every loss and recovery of PostgreSQL, Redis and the phone side, whoever runs them.
     */
    public void watch(Duration every) {
        watchTimer = vertx.setPeriodic(every.toMillis(), id -> check().onSuccess(this::logChanges));
    }

    public void unwatch() {
        if (watchTimer >= 0) {
            vertx.cancelTimer(watchTimer);
            watchTimer = -1;
        }
    }

    private void logChanges(Report report) {
        if (stopping) {
            return;
        }
        Instant now = Instant.now();
        report.down().forEach((name, reason) -> {
            if (downSince.putIfAbsent(name, now) == null) {
                log.warn("{} is down: {}", name, reason);
            }
        });
        downSince.entrySet().removeIf(entry -> {
            if (report.down().containsKey(entry.getKey())) {
                return false;
            }
            log.info("{} is back up after {} s", entry.getKey(), Duration.between(entry.getValue(), now).toSeconds());
            return true;
        });
    }
}

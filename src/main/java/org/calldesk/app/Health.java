package org.calldesk.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.web.Access;
import org.calldesk.web.HttpError;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 * <li>{@code /health/ready}: it can take traffic: every part it {@link Need#READY needs} is up, at least one of the
 * parts it {@link Need#ANY_OF needs one of} is up, and it is not stopping; 200 or 503.</li>
 * <li>{@code /health}: each part UP or DOWN, the node UP, DEGRADED (ready, but something is down) or DOWN (not
 * ready), 503 only when not ready; and figures some parts add under {@code details} (e.g. how much waits in the
 * outbox).</li>
 * </ul>
 * Also {@code /metrics} for Prometheus, and a background watch that logs each part going down and coming back.
 * Why a part is down, and the metrics, are for admins and the scraper only (see {@link #detailAllowed}).
 */
public final class Health implements WebVerticle.Routes {

    private static final Logger log = LoggerFactory.getLogger(Health.class);
    private static final long CHECK_TIMEOUT_MS = 2000;
    /** The reason a stopping node gives; it names nothing internal, so everyone may see it. */
    private static final String NODE = "node";

    /** What a part being down means for the node. */
    public enum Need {
        /** Without it the node cannot serve: it is not ready. */
        READY,
        /**
         * The node is ready while at least one of the parts registered with this need is up: PostgreSQL, or the
         * outbox that keeps ended calls and callback requests until PostgreSQL takes them. Either one down alone
         * degrades the node.
         */
        ANY_OF,
        /** The node still serves without it, degraded. */
        DEGRADES
    }

    private record Part(Need need, Supplier<Future<String>> check) {}

    /** The outcome of one round of checks: a reason per part that is down. */
    public record Report(Map<String, String> down, Map<String, Need> needs, boolean stopping) {

        public boolean ready() {
            if (stopping || down.keySet().stream().anyMatch(name -> needs.get(name) == Need.READY)) {
                return false;
            }
            List<String> anyOf = needs.entrySet().stream().filter(e -> e.getValue() == Need.ANY_OF).map(Map.Entry::getKey).toList();
            return anyOf.isEmpty() || anyOf.stream().anyMatch(name -> !down.containsKey(name));
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
                reasons.put(NODE, "stopping");
            }
            if (!reasons.isEmpty()) {
                body.put("reasons", reasons);
            }
            return body;
        }
    }

    private final Map<String, Part> parts = new LinkedHashMap<>();
    /** Figures read at each request; in-memory, so they do not count against the check time-out. */
    private final Map<String, Supplier<JsonObject>> details = new LinkedHashMap<>();
    private final PrometheusMeterRegistry registry;
    private final Vertx vertx;
    private final byte[] scrapeToken;
    private volatile boolean stopping;
    private long watchTimer = -1;
    /** For the watch: since when each part has been down. */
    private final Map<String, Instant> downSince = new HashMap<>();

    /** Without a scrape token: only an admin's session opens the metrics and the health detail. */
    public Health(Vertx vertx, PrometheusMeterRegistry registry) {
        this(vertx, registry, "");
    }

    /** @param scrapeToken the bearer token that opens the detail without an admin's session; empty: none does */
    public Health(Vertx vertx, PrometheusMeterRegistry registry, String scrapeToken) {
        this.vertx = vertx;
        this.registry = registry;
        this.scrapeToken = scrapeToken.getBytes(StandardCharsets.UTF_8);
    }

    /** A part the node cannot serve without ({@link Need#READY}). A check answers null when healthy, else a short reason. */
    public Health register(String name, Supplier<Future<String>> check) {
        return register(name, Need.READY, check);
    }

    /** A check answers with null when healthy, or a short reason when not. */
    public Health register(String name, Need need, Supplier<Future<String>> check) {
        parts.put(name, new Part(need, check));
        return this;
    }

    public Health detail(String name, Supplier<JsonObject> figures) {
        details.put(name, figures);
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
        router.get("/health").handler(this::health);
        if (registry != null) {
            router.get("/metrics").handler(this::onlyForDetail).handler(ctx -> vertx.executeBlocking(registry::scrape, false)
                    .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text))
                    .onFailure(ctx::fail));
        }
    }

    private void health(RoutingContext ctx) {
        boolean detail = detailAllowed(ctx);
        check().onSuccess(report -> {
            JsonObject body = report.json();
            if (!detail) {
                hideReasons(body);
            }
            if (!details.isEmpty()) {
                JsonObject figures = new JsonObject();
                details.forEach((name, figure) -> {
                    try {
                        figures.put(name, figure.get());
                    } catch (RuntimeException e) {
                        figures.put(name, new JsonObject().put("error", String.valueOf(e.getMessage())));
                    }
                });
                body.put("details", figures);
            }
            answer(ctx, report.ready() ? 200 : 503, body);
        });
    }

    private void ready(RoutingContext ctx) {
        boolean detail = detailAllowed(ctx);
        checkForReadiness().onSuccess(report -> {
            JsonObject body = new JsonObject().put("status", report.ready() ? "UP" : "DOWN");
            JsonObject full = report.json();
            if (full.containsKey("reasons")) {
                body.put("reasons", full.getJsonObject("reasons"));
            }
            if (!detail) {
                hideReasons(body);
            }
            answer(ctx, report.ready() ? 200 : 503, body);
        });
    }

    /** Why a part is down may quote hosts, users and internal errors: only that the node is stopping stays. */
    private static void hideReasons(JsonObject body) {
        JsonObject reasons = body.getJsonObject("reasons");
        if (reasons == null) {
            return;
        }
        if (reasons.containsKey(NODE)) {
            body.put("reasons", new JsonObject().put(NODE, reasons.getValue(NODE)));
        } else {
            body.remove("reasons");
        }
    }

    private static void answer(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }

    private void onlyForDetail(RoutingContext ctx) {
        if (detailAllowed(ctx)) {
            ctx.next();
        } else if (Access.user(ctx) == null && ctx.request().getHeader("Authorization") == null) {
            ctx.fail(HttpError.unauthorized("log in as an admin, or send the scrape token as a bearer token"));
        } else {
            ctx.fail(HttpError.forbidden("the metrics and the health detail are for admins and the scrape token"));
        }
    }

    /**
     * Whether this request may see the metrics and why a part is down. Those name hosts, users and internal
     * errors (a PostgreSQL refusal quotes the database user): an admin's session or the configured scrape token
     * opens them, nothing else.
     */
    private boolean detailAllowed(RoutingContext ctx) {
        SessionUser user = Access.user(ctx);
        if (user != null && user.role() == Role.ADMIN) {
            return true;
        }
        String authorization = ctx.request().getHeader("Authorization");
        if (scrapeToken.length == 0 || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(scrapeToken, given);
    }

    /** Every part checked. */
    public Future<Report> check() {
        return check(false);
    }

    /** The parts readiness depends on: all but those that only degrade the node. */
    private Future<Report> checkForReadiness() {
        return check(true);
    }

    /** The parts checked at once, each bounded in time. */
    private Future<Report> check(boolean readinessOnly) {
        List<String> names = new ArrayList<>();
        List<Future<String>> results = new ArrayList<>();
        parts.forEach((name, part) -> {
            if (readinessOnly && part.need() == Need.DEGRADES) {
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

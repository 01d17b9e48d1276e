package org.calldesk.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.web.Access;
import org.calldesk.web.HttpError;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /health}: each part UP or DOWN, 503 when any is down, and figures some parts add under {@code details}
 * (e.g. how much waits in the outbox); and {@code /metrics} for Prometheus. Why a part is down, and the metrics,
 * are for admins and the scraper only (see {@link #detailAllowed}).
 */
public final class Health implements WebVerticle.Routes {

    private static final long CHECK_TIMEOUT_MS = 2000;

    /** A check answers with null when healthy, or a short reason when not. */
    private final Map<String, Supplier<Future<String>>> checks = new LinkedHashMap<>();
    /** Figures read at each request; in-memory, so they do not count against the check time-out. */
    private final Map<String, Supplier<JsonObject>> details = new LinkedHashMap<>();
    private final PrometheusMeterRegistry registry;
    private final io.vertx.core.Vertx vertx;
    private final byte[] scrapeToken;

    /** @param scrapeToken the bearer token that opens the detail without an admin's session; empty: none does */
    public Health(io.vertx.core.Vertx vertx, PrometheusMeterRegistry registry, String scrapeToken) {
        this.vertx = vertx;
        this.registry = registry;
        this.scrapeToken = scrapeToken.getBytes(StandardCharsets.UTF_8);
    }

    public Health register(String name, Supplier<Future<String>> check) {
        checks.put(name, check);
        return this;
    }

    public Health detail(String name, Supplier<JsonObject> figures) {
        details.put(name, figures);
        return this;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/health").handler(this::health);
        if (registry != null) {
            router.get("/metrics").handler(this::onlyForDetail).handler(ctx -> vertx.executeBlocking(registry::scrape, false)
                    .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text))
                    .onFailure(ctx::fail));
        }
    }

    public Future<JsonObject> check() {
        List<String> names = new ArrayList<>(checks.keySet());
        List<Future<String>> results = new ArrayList<>();
        for (String name : names) {
            Future<String> result;
            try {
                result = checks.get(name).get();
            } catch (RuntimeException e) {
                result = Future.failedFuture(e);
            }
            results.add(result.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .recover(e -> Future.succeededFuture(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        }
        return Future.join(results).transform(ignored -> {
            JsonObject status = new JsonObject();
            JsonObject reasons = new JsonObject();
            boolean up = true;
            for (int i = 0; i < names.size(); i++) {
                String reason = results.get(i).result();
                status.put(names.get(i), reason == null ? "UP" : "DOWN");
                if (reason != null) {
                    reasons.put(names.get(i), reason);
                    up = false;
                }
            }
            JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", status);
            if (!reasons.isEmpty()) {
                body.put("reasons", reasons);
            }
            if (!details.isEmpty()) {
                JsonObject figures = new JsonObject();
                details.forEach((name, detail) -> {
                    try {
                        figures.put(name, detail.get());
                    } catch (RuntimeException e) {
                        figures.put(name, new JsonObject().put("error", String.valueOf(e.getMessage())));
                    }
                });
                body.put("details", figures);
            }
            return Future.succeededFuture(body);
        });
    }

    private void health(RoutingContext ctx) {
        boolean detail = detailAllowed(ctx);
        check().onSuccess(body -> {
            if (!detail) {
                body.remove("reasons");
            }
            ctx.response()
                    .setStatusCode("UP".equals(body.getString("status")) ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(body.encode());
        });
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
}

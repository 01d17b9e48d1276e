package org.calldesk.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.calldesk.platform.Conflict;
import org.calldesk.platform.DomainException;
import org.calldesk.platform.Forbidden;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.NotFound;
import org.calldesk.platform.HttpSettings;
import org.calldesk.platform.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The HTTP server: one instance per core, all serving the same router shape. */
public final class WebVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(WebVerticle.class);
    // Bodies are read before a handler sees them: small for everyone, large only for an admin's CSV import.
    private static final long MAX_BODY_BYTES = 1024L * 1024;
    private static final long MAX_IMPORT_BYTES = 64L * 1024 * 1024;
    private static final String IMPORT_PATH = "/api/customers/import";

    /**
     * A feature's routes; each feature mounts its own API and pages. Every HTTP verticle instance calls
     * {@code mount} on the same object with its own {@link Pages}, so handlers take {@code pages} as an argument
     * rather than keeping it in a field the last instance would overwrite.
     */
    public interface Routes {
        void mount(Router router, Pages pages);
    }

    private final HttpSettings http;
    private final List<Routes> features;
    private final Idempotency idempotency;
    private final Duration stopGrace;
    private final SharedSessionStore sessionStore;
    private HttpServer server;
    /** The memory store this verticle made for itself, closed with it. */
    private SharedSessionStore ownStore;

    /** Without idempotency keys, sessions in this process's memory; a stop closes connections at once. */
    public WebVerticle(HttpSettings http, List<Routes> features) {
        this(http, features, null, Duration.ZERO);
    }

    /** Sessions in this process's memory ({@link MemorySessionStore}). */
    public WebVerticle(HttpSettings http, List<Routes> features, Idempotency idempotency, Duration stopGrace) {
        this(http, features, idempotency, stopGrace, null);
    }

    /**
     * @param idempotency  the creating routes that take an {@code Idempotency-Key}, or null
     * @param stopGrace    how long a stop lets requests in flight finish before it closes their connections
     * @param sessionStore where sessions live, shared by every verticle and node that uses it; null = this process's
     *                     memory
     */
    public WebVerticle(HttpSettings http, List<Routes> features, Idempotency idempotency, Duration stopGrace,
                       SharedSessionStore sessionStore) {
        this.http = http;
        this.features = features;
        this.idempotency = idempotency;
        this.stopGrace = stopGrace;
        this.sessionStore = sessionStore;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        Pages pages = new Pages(vertx);

        router.route().handler(WebVerticle::headAsGet);
        router.route("/static/*").handler(StaticHandler.create("static").setCachingEnabled(true).setMaxAgeSeconds(3600));
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86400));
        if (sessionStore == null) {
            ownStore = new MemorySessionStore(vertx);
        }
        Sessions sessions = new Sessions(http, sessionStore != null ? sessionStore : ownStore);
        router.route().handler(sessions.handler());
        router.route().handler(WebVerticle::securityHeaders);
        router.route("/api/*").handler(WebVerticle::refuseFormBodies);
        router.post(IMPORT_PATH).handler(Access.api(Role.ADMIN));
        router.post(IMPORT_PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_IMPORT_BYTES));
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.route().handler(Bodies::refuseNul);
        // After the NUL check: a body refused as malformed never takes a key.
        if (idempotency != null) {
            idempotency.mount(router);
        }
        features.forEach(feature -> feature.mount(router, pages));
        router.route("/api/*").handler(ctx -> ctx.fail(HttpError.notFound("no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
        router.route().failureHandler(ctx -> failure(ctx, pages));
        router.route().last().handler(ctx -> ctx.fail(HttpError.notFound("page not found")));

        // No cleartext HTTP/2 (h2c upgrade): browsers never use it, a proxy that passes the Upgrade on lets a client
        // tunnel past the proxy's rules, and an HTTP/2 connection shut down mid-request lost the answers to requests
        // already committed (GracefulStopTest with the JDK client, which asks for h2c). HTTP/2 belongs to the TLS
        // terminator in front.
        server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true).setHttp2ClearTextEnabled(false))
                .requestHandler(router);
        return server.listen(http.port(), http.host());
    }

    /**
     * Stops accepting connections at once, lets the requests in flight finish and be answered (their work is
     * committed and its answer written, or neither), then closes. Only what is still running after the grace
     * period is cut.
     */
    @Override
    public Future<?> stop() {
        if (ownStore != null) {
            ownStore.close();
        }
        return server == null ? Future.succeededFuture() : server.shutdown(stopGrace.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "same-origin");
        // API answers carry customers' names and numbers: no browser or proxy cache may keep them.
        if (ctx.request().path().startsWith("/api/")) {
            ctx.response().putHeader("Cache-Control", "no-store");
        }
        ctx.next();
    }

    /**
     * HEAD is answered as GET would be, without the body (HTTP requires it; monitors and link checkers use it).
     * Routes are declared for GET only, so the request is routed again as a GET; the response still knows it
     * answers a HEAD and leaves the body out.
     */
    private static void headAsGet(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            String query = ctx.request().query();
            ctx.reroute(HttpMethod.GET, ctx.request().path() + (query == null ? "" : "?" + query));
        } else {
            ctx.next();
        }
    }

    /** The API speaks JSON (and CSV for imports); a form body there is a client mistake worth naming. */
    private static void refuseFormBodies(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/"))) {
            ctx.fail(new HttpError(415, "the API takes application/json (text/csv for imports), not " + type.split(";")[0], null));
        } else {
            ctx.next();
        }
    }

    /** A refused request first gives back its idempotency key, so that the fixed request can use it again. */
    private static void failure(RoutingContext ctx, Pages pages) {
        Idempotency.release(ctx).onComplete(released -> answerFailure(ctx, pages));
    }

    private static void answerFailure(RoutingContext ctx, Pages pages) {
        Throwable failure = ctx.failure();
        HttpError error;
        if (failure instanceof HttpError known) {
            error = known;
        } else if (failure instanceof DomainException refused) {
            error = answer(refused);
        } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            error = new HttpError(ctx.statusCode(), ctx.statusCode() == 413 ? "the request body is too large" : "bad request", null);
        } else if (unavailable(failure)) {
            log.warn("request {} {} failed: a backing service is unavailable ({})", ctx.request().method(),
                    ctx.request().path(), failure.toString());
            error = HttpError.unavailable("a backing service is unavailable; nothing was changed, try again shortly");
        } else {
            String id = UUID.randomUUID().toString().substring(0, 8);
            log.error("request {} {} failed, error id {}", ctx.request().method(), ctx.request().path(), id, failure);
            error = new HttpError(500, "internal error; reference " + id, null);
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        if (wantsJson(ctx)) {
            ctx.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json")
                    .end(error.body().encode());
        } else {
            pages.render(ctx, error.status(), "error.ftl", Pages.model("title", "Error", "status", error.status(),
                    "message", error.getMessage())).onFailure(e -> ctx.response().setStatusCode(error.status()).end());
        }
    }

    /** The only place a domain refusal gets a status code; details a client can act on go into the body. */
    private static HttpError answer(DomainException refused) {
        return switch (refused) {
            case NotFound e -> HttpError.notFound(e.getMessage());
            case Forbidden e -> HttpError.forbidden(e.getMessage());
            case Invalid e -> new HttpError(400, e.getMessage(), new JsonObject().put("fields", new JsonArray(e.fields())));
            case Conflict e -> HttpError.conflict(e.getMessage(),
                    e.details().isEmpty() ? null : new JsonObject(new LinkedHashMap<>(e.details())));
        };
    }

    /** PostgreSQL unreachable or its connection lost: the client should retry, not report a bug. */
    private static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof io.vertx.core.http.ConnectionPoolTooBusyException
                    || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || (t instanceof io.vertx.core.VertxException && String.valueOf(t.getMessage()).contains("Connection refused"))
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean wantsJson(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        return ctx.request().path().startsWith("/api/") || (accept != null && accept.contains("application/json") && !accept.contains("text/html"));
    }
}

package org.calldesk.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import org.calldesk.platform.HttpSettings;

import java.util.function.Supplier;

/**
 * Browser sessions. One is made at login and nowhere else ({@link Access#signIn}); it ends after
 * {@code http.session_timeout_minutes} without a request or {@code http.session_max_hours} after the login, whichever
 * comes first, and the WebSockets opened under it close when it ends, as they do at logout.
 *
 * <p>Sessions live in a {@link SharedSessionStore} (calldesk's is {@link RedisSessionStore}), which every node sees and
 * which counts their ends; each node closes its own sockets of a session that ended ({@link Sockets}).
 */
final class Sessions {

    static final String COOKIE = "calldesk.session";
    /** Routing-context key: how long a session made by this request may live. */
    private static final String MAX_AGE_MS = "calldesk.session.max-age-ms";
    /** Routing-context keys: the store, and what writes this request's session to it now. */
    private static final String STORE = "calldesk.session.store";
    private static final String FLUSH = "calldesk.session.flush";

    private final long maxAgeMs;
    private final SharedSessionStore store;
    private final SessionHandler handler;

    Sessions(HttpSettings http, SharedSessionStore store) {
        this.maxAgeMs = http.sessionMax().toMillis();
        this.store = store;
        // Lazy: a session is stored, and its cookie sent, only when a request used it.
        this.handler = SessionHandler.create(store)
                .setCookieHttpOnlyFlag(true)
                .setCookieSecureFlag(http.secureCookies())
                .setCookieSameSite(CookieSameSite.LAX)
                .setSessionCookieName(COOKIE)
                .setLazySession(true)
                .setSessionTimeout(http.sessionIdle().toMillis());
    }

    Handler<RoutingContext> handler() {
        return ctx -> {
            ctx.put(MAX_AGE_MS, maxAgeMs);
            ctx.put(STORE, store);
            ctx.put(FLUSH, (Supplier<Future<Void>>) () -> handler.flush(ctx, true));
            handler.handle(ctx);
        };
    }

    /** When a session signed in by this request must end, in epoch milliseconds. */
    static long endFor(RoutingContext ctx) {
        Long maxAge = ctx.get(MAX_AGE_MS);
        if (maxAge == null) {
            throw new IllegalStateException("no session handler on the route to " + ctx.request().path());
        }
        return System.currentTimeMillis() + maxAge;
    }

    /** The store this request's session came from, which can tell when it ends. */
    static SharedSessionStore store(RoutingContext ctx) {
        SharedSessionStore store = ctx.get(STORE);
        if (store == null) {
            throw new IllegalStateException("no session handler on the route to " + ctx.request().path());
        }
        return store;
    }

    /**
     * Writes this request's session (or its removal) to the store now rather than after the answer, so that the
     * answer can say whether it was kept, and the next request, on any node, finds it.
     */
    static Future<Void> flush(RoutingContext ctx) {
        Supplier<Future<Void>> flush = ctx.get(FLUSH);
        if (flush == null) {
            return Future.failedFuture(new IllegalStateException("no session handler on the route to " + ctx.request().path()));
        }
        return flush.get();
    }

    static boolean over(Session session, long now) {
        Long end = session.get(Access.ENDS_AT);
        return now - session.lastAccessed() > session.timeout() || (end != null && now >= end);
    }
}

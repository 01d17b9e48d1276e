package org.calldesk.web;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import org.calldesk.platform.HttpSettings;
import org.calldesk.platform.SessionUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Browser sessions. One is made at login and nowhere else ({@link Access#signIn}); it ends after
 * {@code http.session_timeout_minutes} without a request or {@code http.session_max_hours} after the login, whichever
 * comes first, and the WebSockets opened under it close when it ends, as they do at logout.
 *
 * <p>Each session carries its own idle timeout and end, so that every HTTP verticle's reaper, sweeping the one map
 * the node's sessions live in, judges each session by what it was given.
 */
final class Sessions {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    static final String COOKIE = "calldesk.session";
    private static final String MAP = "calldesk.sessions";
    /** Routing-context key: how long a session made by this request may live. */
    private static final String MAX_AGE_MS = "calldesk.session.max-age-ms";
    private static final long REAP_EVERY_MS = 1000;

    private final Vertx vertx;
    private final long maxAgeMs;
    private final SessionHandler handler;
    private long reaper = -1;

    Sessions(Vertx vertx, HttpSettings http) {
        this.vertx = vertx;
        this.maxAgeMs = http.sessionMax().toMillis();
        // Vert.x's own reaper (interval 0 turns it off) drops expired sessions without telling anyone; ours also
        // closes their sockets. Lazy: a session is stored, and its cookie sent, only when a request used it.
        this.handler = SessionHandler.create(LocalSessionStore.create(vertx, MAP, 0))
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
            handler.handle(ctx);
        };
    }

    void startReaping() {
        reaper = vertx.setPeriodic(REAP_EVERY_MS, id -> reap());
    }

    void stopReaping() {
        if (reaper >= 0) {
            vertx.cancelTimer(reaper);
        }
    }

    /** When a session signed in by this request must end, in epoch milliseconds. */
    static long endFor(RoutingContext ctx) {
        Long maxAge = ctx.get(MAX_AGE_MS);
        if (maxAge == null) {
            throw new IllegalStateException("no session handler on the route to " + ctx.request().path());
        }
        return System.currentTimeMillis() + maxAge;
    }

    static boolean over(Session session, long now) {
        Long end = session.get(Access.ENDS_AT);
        return now - session.lastAccessed() > session.timeout() || (end != null && now >= end);
    }

    /**
     * Every verticle instance sweeps the same map; a session is taken out once, by whichever sweep removes it, and
     * only that one announces its end.
     */
    private void reap() {
        LocalMap<String, Session> sessions = vertx.sharedData().getLocalMap(MAP);
        long now = System.currentTimeMillis();
        List<String> ended = new ArrayList<>();
        sessions.forEach((id, session) -> {
            if (over(session, now)) {
                ended.add(id);
            }
        });
        for (String id : ended) {
            Session session = sessions.get(id);
            // Looked at again: a request may have used it since the sweep saw it.
            if (session != null && over(session, now) && sessions.remove(id) != null) {
                SessionUser user = session.get(Access.USER);
                log.info("session of {} ended: {}", user == null ? "nobody" : user.username(),
                        now - session.lastAccessed() > session.timeout() ? "idle too long" : "too long since login");
                Sockets.endSession(vertx, id);
            }
        }
    }
}

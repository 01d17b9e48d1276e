package org.calldesk.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Who may do what. Every route names the least role it needs; state-changing requests must also
 * carry the session's CSRF token (header {@code X-CSRF-Token}, or form field {@code _csrf}). Login comes before
 * any session, so it has no token to carry: it must come from one of this server's pages ({@link #sameOrigin}).
 */
public final class Access {

    public static final String USER = "user";
    public static final String CSRF = "csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_FIELD = "_csrf";
    /** When the session ends however busy it is, in epoch milliseconds; set at login. */
    static final String ENDS_AT = "endsAt";

    private static final SecureRandom random = new SecureRandom();

    private Access() {
    }

    /** For {@code /api} routes: 401 JSON when not logged in, 403 for a lesser role or a missing CSRF token. */
    public static Handler<RoutingContext> api(Role least) {
        return ctx -> {
            SessionUser user = user(ctx);
            if (user == null) {
                ctx.fail(HttpError.unauthorized("log in first"));
            } else if (!user.role().atLeast(least)) {
                ctx.fail(HttpError.forbidden("this needs the " + least.label() + " role"));
            } else if (changesState(ctx) && !csrfMatches(ctx)) {
                ctx.fail(HttpError.forbidden("missing or wrong " + CSRF_HEADER + " header"));
            } else {
                ctx.next();
            }
        };
    }

    /** For pages: redirect to the login page when not logged in, 403 page for a lesser role. */
    public static Handler<RoutingContext> page(Role least) {
        return ctx -> {
            SessionUser user = user(ctx);
            if (user == null) {
                String next = ctx.request().uri();
                ctx.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            } else if (!user.role().atLeast(least)) {
                ctx.fail(HttpError.forbidden("this page needs the " + least.label() + " role"));
            } else if (changesState(ctx) && !csrfMatches(ctx)) {
                ctx.fail(HttpError.forbidden("the form was missing its security token; reload the page and try again"));
            } else {
                ctx.next();
            }
        };
    }

    /**
     * Who is signed in on this request's session, or null. Looking at a session is what makes Vert.x keep it and send
     * its cookie, so a session found without a user (an anonymous visitor's, or one from a stale cookie) is dropped
     * here rather than kept; and one past its end since login is ended here, sockets and all, rather than at the next
     * sweep.
     */
    public static SessionUser user(RoutingContext ctx) {
        Session session = ctx.session();
        if (session == null || session.isDestroyed()) {
            return null;
        }
        SessionUser user = session.get(USER);
        if (user == null) {
            session.destroy();
            return null;
        }
        if (Sessions.over(session, System.currentTimeMillis())) {
            Sockets.endSession(ctx.vertx(), session.id(), "session ended");
            session.destroy();
            return null;
        }
        return user;
    }

    /**
     * Makes this request's session the user's: a new id (the old one may be known to someone else), the user, a new
     * CSRF token, and the time the session must end however busy it stays. Completes once the session is stored, so
     * that the next request finds it on any node; fails with 503 when the session store cannot keep it (no one is
     * logged in then, and no cookie is sent).
     */
    public static Future<Void> signIn(RoutingContext ctx, SessionUser user) {
        Session session = ctx.session();
        session.regenerateId();
        session.put(USER, user);
        session.put(CSRF, newToken());
        session.put(ENDS_AT, Sessions.endFor(ctx));
        return Sessions.flush(ctx).recover(failure -> {
            ctx.response().removeCookie(Sessions.COOKIE, false);
            session.destroy();
            return Future.failedFuture(failure instanceof HttpError ? failure
                    : HttpError.unavailable("you could not be logged in: sessions cannot be stored right now; try again shortly"));
        });
    }

    /**
     * Ends this request's session: it is removed from the store (so no node honours it any more), and then every
     * WebSocket opened under it is told to close, on this node at once and on the others at their next check.
     * Fails with 503 when the store cannot remove it; the session then still stands.
     */
    public static Future<Void> signOut(RoutingContext ctx) {
        Session session = ctx.session();
        String id = session.id();
        session.destroy();
        return Sessions.flush(ctx).recover(failure -> Future.failedFuture(failure instanceof HttpError ? failure
                        : HttpError.unavailable("you could not be logged out: sessions cannot be changed right now; try again shortly")))
                .onSuccess(v -> Sockets.endSession(ctx.vertx(), id, "logged out"));
    }

    /** The signed-in session's idle timeout and end, for clients that keep it alive while they are open. */
    public static JsonObject sessionJson(Session session) {
        Long end = session.get(ENDS_AT);
        return new JsonObject().put("idleTimeoutMs", session.timeout()).put("endsAt", end);
    }

    /**
     * Whether a browser's request comes from a page of this server. Browsers name the page's origin on every
     * cross-site POST and WebSocket, so a forged login or socket carries a foreign Origin; a request without one
     * comes from a tool such as curl, which no other site can make send anything.
     */
    public static boolean sameOrigin(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = ctx.request().getHeader("Host");
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null || uri.getScheme() == null) {
                return false;
            }
            String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && (host.equalsIgnoreCase(originHost)
                    || host.equalsIgnoreCase(uri.getHost() + ":" + (uri.getScheme().equals("https") ? 443 : 80)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The signed-in user as the API, the pages and the live channel show them. */
    public static JsonObject json(SessionUser user) {
        return new JsonObject().put("id", user.id()).put("username", user.username()).put("displayName", user.displayName())
                .put("role", user.role().label()).put("interface", user.iface());
    }

    /** The signed-in session's CSRF token, made on first use. */
    public static String csrfToken(Session session) {
        String token = session.get(CSRF);
        if (token == null) {
            token = newToken();
            session.put(CSRF, token);
        }
        return token;
    }

    public static String newToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean changesState(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
    }

    public static boolean csrfMatches(RoutingContext ctx) {
        Session session = ctx.session();
        String expected = session == null ? null : session.get(CSRF);
        String given = ctx.request().getHeader(CSRF_HEADER);
        if (given == null) {
            given = ctx.request().getFormAttribute(CSRF_FIELD);
        }
        return expected != null && given != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}

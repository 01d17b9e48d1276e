package org.calldesk.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Who may do what. Every route names the least role it needs; state-changing requests must also
 * carry the session's CSRF token (header {@code X-CSRF-Token}, or form field {@code _csrf}).
 */
public final class Access {

    public static final String USER = "user";
    public static final String CSRF = "csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_FIELD = "_csrf";

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

    /** Who is signed in on this request's session, or null. */
    public static SessionUser user(RoutingContext ctx) {
        Session session = ctx.session();
        return session == null ? null : session.get(USER);
    }

    /** The signed-in user as the API, the pages and the live channel show them. */
    public static JsonObject json(SessionUser user) {
        return new JsonObject().put("id", user.id()).put("username", user.username()).put("displayName", user.displayName())
                .put("role", user.role().label()).put("interface", user.iface());
    }

    /** The session's CSRF token, made on first use. */
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

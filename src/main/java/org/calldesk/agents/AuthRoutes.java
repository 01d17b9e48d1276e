package org.calldesk.agents;

import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Messages;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;

/** Login and logout, as JSON for scripts and as a form for browsers. */
public final class AuthRoutes implements WebVerticle.Routes {

    private static final Logger log = LoggerFactory.getLogger(AuthRoutes.class);
    private static final String BAD_CREDENTIALS = "invalid username or password";
    private static final String CROSS_SITE = "login refused: the request came from another site's page";
    private static final int MAX_NEXT = 2000;

    private final AgentStore agents;
    private final LoginThrottle throttle;
    private final java.util.function.Function<SessionUser, Future<Void>> onLogout;

    /** @param onLogout what else a logout does for that user (their phone leaves the queues) */
    public AuthRoutes(AgentStore agents, LoginThrottle throttle,
                      java.util.function.Function<SessionUser, Future<Void>> onLogout) {
        this.onLogout = onLogout;
        this.agents = agents;
        this.throttle = throttle;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.post("/api/login").handler(this::apiLogin);
        router.post("/api/logout").handler(Access.api(Role.AGENT)).handler(this::apiLogout);
        router.get("/api/me").handler(Access.api(Role.AGENT)).handler(this::me);
        router.get("/login").handler(ctx -> loginPage(ctx, pages));
        router.post("/login").handler(ctx -> formLogin(ctx, pages));
        router.post("/logout").handler(Access.page(Role.AGENT)).handler(this::formLogout);
    }

    private void apiLogin(RoutingContext ctx) {
        if (!Access.sameOrigin(ctx)) {
            ctx.fail(HttpError.forbidden(CROSS_SITE));
            return;
        }
        JsonObject body = Bodies.json(ctx);
        String username = Bodies.requiredString(body, "username", 100);
        String password = Bodies.requiredString(body, "password", PasswordRules.MAX_LENGTH);
        login(ctx, username, password)
                .onSuccess(agent -> ctx.json(Access.json(agent.sessionUser())
                        .put("csrfToken", Access.csrfToken(ctx.session()))))
                .onFailure(ctx::fail);
    }

    private void apiLogout(RoutingContext ctx) {
        SessionUser user = Access.user(ctx);
        Access.signOut(ctx).onFailure(ctx::fail).onSuccess(ended -> {
            log.info("{} logged out", user.username());
            leaveQueues(user).onComplete(v -> ctx.json(new JsonObject().put("status", "logged out")));
        });
    }

    /** Logging out takes the agent's phone out of the queues; a PBX that is down must not keep them logged in here. */
    private Future<Void> leaveQueues(SessionUser user) {
        try {
            return onLogout.apply(user).onFailure(e -> log.warn("{} logged out, but the phone could not leave the queues: {}",
                    user.username(), e.getMessage()));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Also what an open console polls to keep its session alive, so it says when to poll next. */
    private void me(RoutingContext ctx) {
        ctx.json(Access.json(Access.user(ctx)).put("csrfToken", Access.csrfToken(ctx.session()))
                .put("session", Access.sessionJson(ctx.session())));
    }

    private void loginPage(RoutingContext ctx, Pages pages) {
        if (Access.user(ctx) != null) {
            ctx.redirect(landing(Access.user(ctx).role()));
            return;
        }
        pages.render(ctx, "login.ftl", Pages.model("title", "Log in", "next", safeNext(ctx.request().getParam("next"))))
                .onFailure(ctx::fail);
    }

    private void formLogin(RoutingContext ctx, Pages pages) {
        String next = safeNext(ctx.request().getFormAttribute("next"));
        if (!Access.sameOrigin(ctx)) {
            renderLoginError(ctx, pages, 403, next, Messages.get().text(Messages.language(ctx), "login.crossSite"));
            return;
        }
        String username = ctx.request().getFormAttribute("username");
        String password = ctx.request().getFormAttribute("password");
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            renderLoginError(ctx, pages, 401, next, "Enter your username and password.");
            return;
        }
        if (username.length() > 100 || password.length() > PasswordRules.MAX_LENGTH) {
            renderLoginError(ctx, pages, 401, next, BAD_CREDENTIALS);
            return;
        }
        login(ctx, username.trim(), password)
                .onSuccess(agent -> ctx.redirect(next != null ? next : landing(agent.role())))
                .onFailure(e -> {
                    // 503 too: the form says the login could not be kept, and can be sent again.
                    if (e instanceof HttpError error && error.status() == 503) {
                        renderLoginError(ctx, pages, 503, next, Messages.get().text(Messages.language(ctx), "login.unavailable"));
                    } else if (e instanceof HttpError error && error.status() < 500) {
                        renderLoginError(ctx, pages, error.status(), next, error.getMessage());
                    } else {
                        ctx.fail(e);
                    }
                });
    }

    private void formLogout(RoutingContext ctx) {
        SessionUser user = Access.user(ctx);
        Access.signOut(ctx).onFailure(ctx::fail).onSuccess(ended -> {
            log.info("{} logged out", user.username());
            leaveQueues(user).onComplete(v -> ctx.redirect("/login"));
        });
    }

    /** Agents work from the console: they land there after login; the others on the start page. */
    static String landing(org.calldesk.platform.Role role) {
        return role == org.calldesk.platform.Role.AGENT ? "/console" : "/";
    }

    private static void renderLoginError(RoutingContext ctx, Pages pages, int status, String next, String message) {
        pages.render(ctx, status, "login.ftl", Pages.model("title", "Log in", "next", next, "error", message))
                .onFailure(ctx::fail);
    }

    /** Checks the throttle, then the password; on success the request's session becomes the user's: no other code makes one. */
    private Future<Agent> login(RoutingContext ctx, String username, String password) {
        String address = ctx.request().remoteAddress().hostAddress();
        return throttle.attempt(username, address).compose(wait -> {
            if (wait > 0) {
                log.warn("login for '{}' from {} refused: too many failed attempts", username, address);
                return Future.failedFuture(HttpError.tooManyRequests(
                        "too many failed logins for this username; try again in " + wait + " s"));
            }
            return agents.authenticate(username, password);
        }).compose(found -> {
            if (found.isEmpty()) {
                log.info("failed login for '{}' from {}", username, address);
                return Future.failedFuture(HttpError.unauthorized(BAD_CREDENTIALS));
            }
            Agent agent = found.get();
            // The language they chose last time follows them to any browser; none chosen: the browser's own decides.
            // Read before the session is signed in: it is stored once, with the user in it.
            return throttle.succeeded(username, address)
                    .compose(v -> agents.language(agent.id()).otherwiseEmpty())
                    .compose(language -> {
                        if (language != null && language.isPresent() && Messages.supported(language.get()) != null) {
                            ctx.session().put(Messages.SESSION_KEY, Messages.supported(language.get()));
                        }
                        return Access.signIn(ctx, agent.sessionUser())
                                .onFailure(e -> log.warn("{} could not be logged in: {}", agent.username(), e.getMessage()));
                    })
                    .map(v -> {
                        log.info("{} logged in as {}", agent.username(), agent.role().label());
                        return agent;
                    });
        });
    }

    /**
     * Where to go after logging in: a path on this server, or null. Browsers drop tabs and line breaks from a URL and
     * read a backslash as a slash, so {@code /<tab>/evil.example} and {@code /\evil.example} would leave the site; a
     * line break would also break the Location header. Only printable ASCII is taken, parsed, its dot segments
     * resolved, and given back as a path that starts with exactly one slash.
     */
    static String safeNext(String next) {
        if (next == null || next.isEmpty() || next.length() > MAX_NEXT) {
            return null;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '\\') {
                return null;
            }
        }
        URI uri;
        try {
            uri = new URI(next).normalize();
        } catch (URISyntaxException e) {
            return null;
        }
        String path = uri.getRawPath();
        if (uri.getScheme() != null || uri.getRawAuthority() != null || path == null
                || !path.startsWith("/") || path.startsWith("//")) {
            return null;
        }
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}

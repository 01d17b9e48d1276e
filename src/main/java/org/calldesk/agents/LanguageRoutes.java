package org.calldesk.agents;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.HttpError;
import org.calldesk.web.Messages;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

/**
 * Choosing the interface language: the form in every page's top bar (also on the login page, before anyone is signed
 * in) and {@code PUT /api/me/language}. The choice is kept in a cookie for the browser and, for a signed-in user, in
 * their session and their agent row, so that it follows them to another browser at the next login.
 */
public final class LanguageRoutes implements WebVerticle.Routes {

    private static final long COOKIE_MAX_AGE_S = 365L * 24 * 3600;

    private final AgentStore agents;
    private final boolean secureCookies;

    public LanguageRoutes(AgentStore agents, boolean secureCookies) {
        this.agents = agents;
        this.secureCookies = secureCookies;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.post("/language").handler(ctx -> {
            if (Access.user(ctx) != null) {
                // Signed in: the form carries the session's CSRF token like any other.
                Access.page(Role.AGENT).handle(ctx);
            } else if (!Access.sameOrigin(ctx)) {
                ctx.fail(HttpError.forbidden("the language form was sent from another site"));
            } else {
                ctx.next();
            }
        }).handler(this::formChange);
        router.put("/api/me/language").handler(Access.api(Role.AGENT)).handler(this::apiChange);
    }

    private void formChange(RoutingContext ctx) {
        String language = Messages.supported(ctx.request().getFormAttribute("lang"));
        if (language == null) {
            ctx.fail(new Invalid("lang", "language must be one of " + Messages.LANGUAGES));
            return;
        }
        String back = AuthRoutes.safeNext(ctx.request().getFormAttribute("back"));
        choose(ctx, language).onComplete(done -> ctx.redirect(back == null ? "/" : back));
    }

    private void apiChange(RoutingContext ctx) {
        JsonObject body = Bodies.json(ctx);
        String language = Messages.supported(Bodies.requiredString(body, "language", 20));
        if (language == null) {
            ctx.fail(new Invalid("language", "language must be one of " + Messages.LANGUAGES));
            return;
        }
        choose(ctx, language).onSuccess(v -> ctx.json(new JsonObject().put("language", language))).onFailure(ctx::fail);
    }

    private io.vertx.core.Future<Void> choose(RoutingContext ctx, String language) {
        ctx.response().addCookie(Cookie.cookie(Messages.COOKIE, language).setPath("/").setMaxAge(COOKIE_MAX_AGE_S)
                .setHttpOnly(true).setSecure(secureCookies).setSameSite(CookieSameSite.LAX));
        SessionUser user = Access.user(ctx);
        if (user == null) {
            return io.vertx.core.Future.succeededFuture();
        }
        ctx.session().put(Messages.SESSION_KEY, language);
        return agents.setLanguage(user.id(), language);
    }
}

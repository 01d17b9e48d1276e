package org.calldesk.screenpop;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.platform.Role;
import org.calldesk.web.Access;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

/** The call on the agent's screen, read again by a console that reloads or reconnects (its frames were lost). */
public final class PopRoutes implements WebVerticle.Routes {

    private final ScreenPop pop;

    public PopRoutes(ScreenPop pop) {
        this.pop = pop;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/api/agents/me/call").handler(Access.api(Role.AGENT)).handler(this::current);
    }

    /** {@code {"call": <the pop, with callState, waitedMs, talkedMs>}}, or {@code {"call": null}}. */
    private void current(RoutingContext ctx) {
        ctx.json(new JsonObject().put("call", pop.current(Access.user(ctx).id()).orElse(null)));
    }
}

package org.calldesk.web;

import io.vertx.ext.web.Router;
import org.calldesk.platform.Role;

/** The landing page after login. */
public final class HomeRoutes implements WebVerticle.Routes {

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/").handler(Access.page(Role.AGENT)).handler(ctx ->
                pages.render(ctx, "home.ftl", Pages.model("title", "calldesk")).onFailure(ctx::fail));
    }
}

package org.calldesk.board;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.platform.Role;
import org.calldesk.web.Access;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

/** The queue wallboard: its JSON for the page's refreshes, and the page itself. Supervisors and admins only. */
public final class BoardRoutes implements WebVerticle.Routes {

    private final QueueBoard board;

    public BoardRoutes(QueueBoard board) {
        this.board = board;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/api/board/queues").handler(Access.api(Role.SUPERVISOR)).handler(this::data);
        // each HTTP verticle instance mounts with its own Pages: keep it in the handler, not in a shared field
        router.get("/board/queues").handler(Access.page(Role.SUPERVISOR)).handler(ctx -> page(ctx, pages));
    }

    private void data(RoutingContext ctx) {
        board.snapshot().onSuccess(snapshot -> {
            // live figures: a proxy or the browser must never answer a refresh from its cache
            ctx.response().putHeader("Cache-Control", "no-store");
            ctx.json(snapshot);
        }).onFailure(ctx::fail);
    }

    /** {@code ?tv=1}: the TV wallboard (no navigation, sized to the screen). */
    public static boolean tv(RoutingContext ctx) {
        return "1".equals(ctx.request().getParam("tv"));
    }

    private void page(RoutingContext ctx, Pages pages) {
        board.snapshot()
                .compose(snapshot -> pages.render(ctx, "board/queues.ftl", Pages.model(
                        "board", snapshot, "json", snapshot.encode(), "tv", tv(ctx))))
                .onFailure(ctx::fail);
    }
}

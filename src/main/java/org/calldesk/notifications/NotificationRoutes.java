package org.calldesk.notifications;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.platform.Role;
import org.calldesk.web.Access;
import org.calldesk.web.Bodies;
import org.calldesk.web.Messages;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

/**
 * {@code GET /api/notifications} (what the signed-in user sees, unacknowledged first, with the unread count; {@code
 * ?limit=} up to 200, 50 by default) and {@code POST /api/notifications/:id/ack}. Every signed-in user has a list;
 * who may acknowledge what is decided per notification ({@link Notifications#acknowledge}).
 */
public final class NotificationRoutes implements WebVerticle.Routes {

    static final int DEFAULT_LIMIT = 50;

    private final Notifications notifications;
    private final java.time.ZoneId displayZone;

    /** @param displayZone the zone every page shows times in; the list tells the bell's script */
    public NotificationRoutes(Notifications notifications, java.time.ZoneId displayZone) {
        this.notifications = notifications;
        this.displayZone = displayZone;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/api/notifications").handler(Access.api(Role.AGENT)).handler(this::list);
        router.post("/api/notifications/:id/ack").handler(Access.api(Role.AGENT)).handler(this::acknowledge);
    }

    private void list(RoutingContext ctx) {
        Long limit = Bodies.positiveParam(ctx, "limit");
        notifications.list(Access.user(ctx), Messages.language(ctx), limit == null ? DEFAULT_LIMIT : (int) Math.min(limit, Notifications.MAX_LIST))
                .onSuccess(list -> {
                    ctx.response().putHeader("Cache-Control", "no-store");
                    ctx.json(list.put("timeZone", displayZone.getId()));
                })
                .onFailure(ctx::fail);
    }

    private void acknowledge(RoutingContext ctx) {
        long id = Bodies.pathId(ctx, "id");
        notifications.acknowledge(Access.user(ctx), id, Messages.language(ctx))
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }
}

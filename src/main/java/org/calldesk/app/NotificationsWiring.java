package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.calldesk.notifications.NotificationRoutes;
import org.calldesk.notifications.NotificationSettings;
import org.calldesk.notifications.Notifications;
import org.calldesk.notifications.Recipient;
import org.calldesk.platform.Role;
import org.calldesk.web.Sockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The notification list wired to what happens elsewhere: each complaint escalation (at risk, breached, long overdue)
 * and each satisfaction follow-up that falls due becomes a kept notification for the complaint's owner and for the
 * supervisors, with a link to the complaint. The complaint sweeper announces them on {@link Sockets#NOTIFY}; this
 * listens on the node that announced them only (a local consumer), so a cluster keeps each one once.
 */
public final class NotificationsWiring {

    private static final Logger log = LoggerFactory.getLogger(NotificationsWiring.class);
    private static final String OWNER_OF_COMPLAINT = "SELECT owner_id FROM complaints WHERE id = $1";

    private static final long PURGE_EVERY_MS = 3_600_000;

    private final Vertx vertx;
    private final Pool pg;
    private final Notifications notifications;
    private MessageConsumer<JsonObject> listener;
    private final long purgeTimer;

    public NotificationsWiring(Vertx vertx, Pool pg, NotificationSettings settings) {
        this.vertx = vertx;
        this.pg = pg;
        this.notifications = new Notifications(vertx, pg, Clock.systemUTC());
        this.listener = vertx.eventBus().localConsumer(Sockets.NOTIFY, msg -> keep(msg.body()));
        Runnable purge = () -> notifications.purge(Instant.now().minus(settings.keepAcknowledged()))
                .onFailure(e -> log.warn("old acknowledged notifications not purged: {}", e.getMessage()));
        // also once now: a node restarted more often than hourly would otherwise never purge
        purge.run();
        this.purgeTimer = vertx.setPeriodic(PURGE_EVERY_MS, id -> purge.run());
    }

    /** The API other parts call to notify someone. */
    public Notifications notifications() {
        return notifications;
    }

    public NotificationRoutes routes(java.time.ZoneId displayZone) {
        return new NotificationRoutes(notifications, displayZone);
    }

    public Future<Void> stop() {
        vertx.cancelTimer(purgeTimer);
        MessageConsumer<JsonObject> consumer = listener;
        listener = null;
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    /** Keeps an announced escalation or follow-up; anything else on the channel is not a kept notification. */
    Future<Void> keep(JsonObject body) {
        JsonObject message = body.getJsonObject("message", new JsonObject());
        String type = message.getString("type", "");
        Long complaintId = message.getLong("complaintId");
        if (complaintId == null || !(type.equals("escalation") || type.equals("follow-up-due"))) {
            return Future.succeededFuture();
        }
        String kind;
        String key;
        if (type.equals("follow-up-due")) {
            kind = "follow-up-due";
            key = "notify.complaint.followUp";
        } else {
            switch (message.getString("audience", "")) {
                case "owner" -> {
                    kind = "sla-at-risk";
                    key = "notify.complaint.atRisk";
                }
                case "supervisors" -> {
                    kind = "sla-breach";
                    key = "notify.complaint.breached";
                }
                default -> {
                    kind = "sla-overdue";
                    key = "notify.complaint.overdue";
                }
            }
        }
        List<Object> args = List.of(complaintId, message.getString("subject", ""), message.getString("customer", ""),
                message.getInteger("level", 0));
        String link = "/complaints/" + complaintId;
        return pg.preparedQuery(OWNER_OF_COMPLAINT).execute(Tuple.of(complaintId))
                .compose(rows -> {
                    Long owner = rows.size() == 0 ? null : rows.iterator().next().getLong("owner_id");
                    List<Future<Long>> kept = new ArrayList<>();
                    if (owner != null) {
                        kept.add(notifications.notify(Recipient.agent(owner), kind, key, args, link));
                    }
                    kept.add(notifications.notify(Recipient.role(Role.SUPERVISOR), kind, key, args, link));
                    return Future.all(kept).<Void>mapEmpty();
                })
                .onFailure(e -> log.warn("complaint {}: {} notification not kept: {}", complaintId, kind, e.getMessage()));
    }
}

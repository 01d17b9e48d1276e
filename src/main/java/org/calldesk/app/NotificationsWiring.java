package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.calldesk.notifications.NotificationRoutes;
import org.calldesk.notifications.NotificationSettings;
import org.calldesk.notifications.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * The notification list: its API and routes, and the hourly purge of old acknowledged notifications. The complaint
 * escalations and satisfaction follow-ups keep theirs themselves (complaints' {@code KeptNotices}), in the transaction
 * that claims them, so a node dying after the claim cannot lose them; {@code calldesk.notify} only reaches live pages.
 */
public final class NotificationsWiring {

    private static final Logger log = LoggerFactory.getLogger(NotificationsWiring.class);

    private static final long PURGE_EVERY_MS = 3_600_000;

    private final Vertx vertx;
    private final Notifications notifications;
    private final long purgeTimer;

    public NotificationsWiring(Vertx vertx, Pool pg, NotificationSettings settings) {
        this.vertx = vertx;
        this.notifications = new Notifications(vertx, pg, Clock.systemUTC());
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
        return Future.succeededFuture();
    }
}

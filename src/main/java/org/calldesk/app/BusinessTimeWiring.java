package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.calldesk.complaints.BusinessTimeBackfill;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Complaints' business times for the reports: those answered or resolved before calldesk stored them are filled in
 * once, in the background, after the administrators' calendars are read (so they count on the calendars in force);
 * start-up does not wait, and the complaints report shows them as they arrive.
 */
final class BusinessTimeWiring {

    private static final Logger log = LoggerFactory.getLogger(BusinessTimeWiring.class);

    private BusinessTimeWiring() {
    }

    static Future<Void> start(Vertx vertx, Pool pg, Settings settings) {
        new BusinessTimeBackfill(vertx, pg, settings.sla()).run()
                .onFailure(e -> log.warn("complaint business times not all filled in ({}); the next start carries on", e.toString()));
        return Future.succeededFuture();
    }
}

package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.calldesk.reports.ReportRoutes;
import org.calldesk.reports.Reports;

/**
 * The reports' part of the composition root: made once PostgreSQL is reachable; their rollups are checked against
 * the configured thresholds (and rebuilt if those changed) before the web server serves them.
 */
final class ReportsWiring {

    private final Reports reports;

    private ReportsWiring(Reports reports) {
        this.reports = reports;
    }

    static Future<ReportsWiring> start(Pool pg, Settings settings) {
        Reports reports = new Reports(pg, settings.reports(), settings.tiers().names(), settings.complaints().categories());
        return reports.rollups().prepare().map(v -> new ReportsWiring(reports));
    }

    ReportRoutes routes() {
        return reports.routes();
    }
}

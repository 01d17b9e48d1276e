package org.calldesk.app;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.calldesk.calls.ClickToCall;
import org.calldesk.customers.CustomerStore;
import org.calldesk.telephony.AmiBridge;
import org.calldesk.telephony.Originations;
import org.calldesk.web.WebVerticle;
import org.calldesk.worklist.AccountItemNotices;
import org.calldesk.worklist.AccountsRoutes;
import org.calldesk.worklist.WorkListRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/** The agents' work list and "my accounts" page, and the minute sweep that expires old callbacks. */
final class WorkListWiring {

    private static final Logger log = LoggerFactory.getLogger(WorkListWiring.class);
    private static final long EXPIRY_SWEEP_MS = 60_000;
    /** How soon an account manager's screen hears of a new item: a cheap indexed claim, like the follow-up sweep. */
    private static final long ITEM_NOTICES_MS = 2_000;

    private WorkListWiring() {
    }

    /** The routes; the sweep's timer id goes into {@code timers}, which the server cancels at its stop. */
    static List<WebVerticle.Routes> routes(Vertx vertx, Pool pg, AmiBridge bridge, CustomerStore customers,
                                           Originations originations, Settings settings, List<Long> timers) {
        WorkListRoutes workList = new WorkListRoutes(pg, bridge, new ClickToCall(vertx, pg, customers, originations),
                customers.phones(), settings.callbacks(), Clock.systemUTC(), settings.display().timeZone());
        timers.add(vertx.setPeriodic(EXPIRY_SWEEP_MS, id -> workList.expireCallbacks()
                .onSuccess(n -> {
                    if (n > 0) {
                        log.info("{} callback requests expired", n);
                    }
                })
                .onFailure(e -> log.warn("callbacks not expired this minute: {}", e.getMessage()))));
        AccountItemNotices notices = new AccountItemNotices(vertx, pg, Clock.systemUTC());
        timers.add(vertx.setPeriodic(ITEM_NOTICES_MS, id -> notices.announce()
                .onFailure(e -> log.warn("account managers not told of new items: {}", e.getMessage()))));
        return List.of(workList, new AccountsRoutes(pg));
    }
}

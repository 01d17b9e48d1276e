package org.calldesk.app;

import org.calldesk.complaints.ComplaintBoard;
import org.calldesk.complaints.ComplaintRoutes;
import org.calldesk.complaints.ComplaintStore;
import org.calldesk.customers.CustomerRoutes;
import org.calldesk.customers.CustomerStore;
import org.calldesk.platform.DisplayTime;
import org.calldesk.screenpop.PopCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The complaint and customer pages' wiring: both write times in the display time zone; names get their pinyin. */
final class RecordsWiring {

    private static final Logger log = LoggerFactory.getLogger(RecordsWiring.class);

    private RecordsWiring() {
    }

    static CustomerRoutes customerRoutes(Settings settings, CustomerStore customers, ComplaintStore complaints) {
        return new CustomerRoutes(customers, id -> complaints.openForCustomer(id).map(PopCard::complaintsJson),
                new DisplayTime(settings.display()));
    }

    static ComplaintRoutes complaintRoutes(Settings settings, ComplaintStore complaints, ComplaintBoard board) {
        return new ComplaintRoutes(complaints, board, new DisplayTime(settings.display()), settings.tiers().names(),
                settings.board().stale());
    }

    /** Customers stored before names had their pinyin (or written around calldesk) get it, in the background. */
    static void fillPinyin(CustomerStore customers) {
        customers.records().fillPinyin()
                .onSuccess(n -> {
                    if (n > 0) {
                        log.info("pinyin of {} customer names filled in for search", n);
                    }
                })
                .onFailure(e -> log.warn("pinyin of customer names not filled in: {}", e.getMessage()));
    }
}

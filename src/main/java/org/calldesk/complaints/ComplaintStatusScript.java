package org.calldesk.complaints;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.calldesk.customers.CustomerStore;
import org.calldesk.platform.Masked;
import org.calldesk.routing.ComplaintFacts;
import org.calldesk.routing.MenuVisits;
import org.calldesk.telephony.AgiVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * FastAGI {@code complaint-status} (hotline menu 3): tells the dialplan how many complaints the caller has
 * open and the state and due time of the most urgent one, for the dialplan to read out. The visit is handed to live
 * calls, so that a caller who only asks this is still a call in their history.
 */
public final class ComplaintStatusScript implements AgiScript {

    private static final Logger log = LoggerFactory.getLogger(ComplaintStatusScript.class);
    private static final long BUDGET_MS = 500;

    private final CustomerStore customers;
    private final ComplaintStore complaints;
    private final MenuVisits menu;

    public ComplaintStatusScript(Vertx vertx, CustomerStore customers, ComplaintStore complaints, MenuVisits menu) {
        this.customers = customers;
        this.complaints = complaints;
        this.menu = menu;
    }

    /** {@code customerId} and {@code tier}: the caller's, null when unknown or not looked up. */
    private record Status(int open, String status, String due, Long customerId, String tier) {
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        String number = request.getCallerIdNumber();
        Status status;
        try {
            status = lookup(number).toCompletionStage().toCompletableFuture().get(BUDGET_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("complaint-status for {} failed: {}", Masked.phone(number), e.toString());
            status = new Status(0, "unavailable", "", null, null);
        }
        AgiVariables.set(channel, "CALLDESK_OPEN_COMPLAINTS", Integer.toString(status.open()));
        AgiVariables.set(channel, "CALLDESK_COMPLAINT_STATUS", status.status());
        AgiVariables.set(channel, "CALLDESK_COMPLAINT_DUE", status.due());
        menu.visited(request, channel, MenuVisits.STATUS, status.customerId(), status.tier(),
                "complaint status: " + status.open() + " open, " + status.status());
    }

    private Future<Status> lookup(String number) {
        return customers.byPhone(number).compose(customer -> {
            if (customer.isEmpty()) {
                return Future.succeededFuture(new Status(0, "unknown_caller", "", null, null));
            }
            long id = customer.get().id();
            String tier = customer.get().tier();
            Future<ComplaintFacts> facts = complaints.factsFor(id);
            Future<Optional<JsonObject>> urgent = complaints.mostUrgentOpen(id);
            return Future.all(facts, urgent).map(all -> urgent.result()
                    .map(c -> new Status(facts.result().open(), c.getString("status"),
                            c.getValue("resolutionDue") == null ? "" : String.valueOf(c.getValue("resolutionDue")),
                            id, tier))
                    .orElse(new Status(facts.result().open(), "none", "", id, tier)));
        });
    }
}

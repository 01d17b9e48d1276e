package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import org.calldesk.complaints.ComplaintStore;
import org.calldesk.routing.CallRouter;
import org.calldesk.routing.ComplaintFacts;

/** The complaint desk as routing sees it: facts for the priority, open complaints for the card. */
final class ComplaintsForRouting implements CallRouter.ComplaintSource {

    private final ComplaintStore complaints;

    ComplaintsForRouting(ComplaintStore complaints) {
        this.complaints = complaints;
    }

    @Override
    public Future<ComplaintFacts> factsFor(long customerId) {
        return complaints.factsFor(customerId);
    }

    @Override
    public Future<JsonArray> openForCustomer(long customerId) {
        return complaints.openForCustomer(customerId);
    }

    @Override
    public Future<Void> escalateForRepeatCall(long customerId, String callId) {
        return complaints.escalateForRepeatCall(customerId, callId);
    }
}

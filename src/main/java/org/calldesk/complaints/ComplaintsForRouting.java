package org.calldesk.complaints;

import io.vertx.core.Future;
import org.calldesk.routing.CallRouter;
import org.calldesk.routing.CallerComplaints;

import java.util.List;
import java.util.Map;

/** The complaint desk as routing sees it: facts for the priority, open complaints for the card. */
public final class ComplaintsForRouting implements CallRouter.ComplaintSource {

    private final ComplaintStore complaints;

    public ComplaintsForRouting(ComplaintStore complaints) {
        this.complaints = complaints;
    }

    @Override
    public Future<CallerComplaints> forCaller(String e164) {
        return complaints.forCaller(e164);
    }

    @Override
    public Future<Map<String, CallerComplaints>> forCallers(List<String> e164s) {
        return complaints.forCallers(e164s);
    }

    @Override
    public Future<Void> escalateForRepeatCall(long customerId, String callId) {
        return complaints.escalateForRepeatCall(customerId, callId);
    }
}

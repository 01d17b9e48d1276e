package org.calldesk.telephony;

import io.vertx.core.Future;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.response.ManagerResponse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The AMI link's holder as a standing-by bridge sees it: records what it is sent, answers every action with success. */
final class RecordingUplink implements AmiUplink {
    final List<ManagerAction> sent = new CopyOnWriteArrayList<>();
    final List<CallEvent> forwarded = new CopyOnWriteArrayList<>();
    final ManagerResponse answer = new ManagerResponse();
    volatile String problem;

    RecordingUplink(String problem) {
        this.problem = problem;
    }

    @Override
    public Future<ManagerResponse> send(ManagerAction action) {
        sent.add(action);
        return Future.succeededFuture(answer);
    }

    @Override
    public void forward(CallEvent event) {
        forwarded.add(event);
    }

    @Override
    public String problem() {
        return problem;
    }
}

package org.calldesk.telephony;

import io.vertx.core.Future;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;

/** Sending AMI actions, as the services above the bridge need it. */
public interface AmiActions {

    /** Whether the AMI link is up now. */
    boolean isUp();

    /** Why the link is down, or null when it is up. */
    String lastError();

    /** Completes off the event loop's back: the blocking send runs on a worker. */
    Future<ManagerResponse> send(ManagerAction action);

    /** Like {@link #send} but a {@code Response: Error} fails the Future with Asterisk's message. */
    default Future<ManagerResponse> sendOk(ManagerAction action) {
        return send(action).compose(r -> r instanceof ManagerError
            ? Future.failedFuture(new AmiBridge.AmiActionException(action.getAction(), r.getMessage()))
            : Future.succeededFuture(r));
    }
}

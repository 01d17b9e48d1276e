package org.calldesk.telephony;

import io.vertx.core.Future;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.response.ManagerResponse;

/** How a bridge that does not hold the AMI link reaches the node that does (see {@link AmiBridge#standBy}). */
public interface AmiUplink {

    /** Sends the action on the holder's link; fails with a clear reason when no node holds it or it did not answer. */
    Future<ManagerResponse> send(ManagerAction action);

    /** Hands a route decision made here to the holder, which applies it and sends it back in its stream. */
    void forward(CallEvent event);

    /** Null when a node holds the AMI link and it is up, else why not. */
    String problem();
}

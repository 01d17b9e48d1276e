package org.calldesk.telephony;

/**
 * Decides where an inbound call goes. Called on a FastAGI worker thread (never an event loop), so it
 * may block, but must answer within its budget: a call is never held up by a slow server.
 */
public interface RouteService {

    RouteInfo route(String callerNumber, String ivr, String uniqueid);

    /** The route when {@link #route} itself failed: the call still gets a queue, and the reason says why. */
    default RouteInfo fallback(String ivr, String why) {
        return new RouteInfo(null, null, 0, "default route: " + why, "service", ivr, "", "default");
    }
}

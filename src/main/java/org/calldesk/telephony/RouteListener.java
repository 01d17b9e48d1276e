package org.calldesk.telephony;

/** Told of every routing decision, on the FastAGI thread: hand it on, do not block. */
@FunctionalInterface
public interface RouteListener {

    /**
     * @param uniqueid the caller channel's Uniqueid ({@code agi_uniqueid})
     * @param linkedid the call's Linkedid, or null if Asterisk did not say
     */
    void routed(String uniqueid, String linkedid, String callerNumber, RouteInfo info);
}

package org.calldesk.telephony;

/**
 * A call after {@link LiveCalls} applied an event to it: the event, and the call as it now stands. {@code ended}
 * is true exactly once per call, when it reached its outcome (answered, abandoned, ended in the IVR, lost).
 */
public record CallChanged(CallEvent cause, LiveCall call, boolean ended) {}

package org.calldesk.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An inbound hotline call: the Local/s@inbound pair, as in the captures, and where it stands. */
final class Call {
    enum Phase { AGI, DIAL_AGENT, QUEUED, CONNECTED, DONE }

    final String linkedid;
    final String from;
    final String ivr;
    final Chan one;
    final Chan two;
    final Map<String, String> vars = new HashMap<>();
    Phase phase = Phase.AGI;
    SimQueue queue;
    int prio;
    int originalPosition;
    long joinedMs;
    long retryUntilMs;
    long attemptTimer = -1;
    long patienceTimer = -1;
    long talkTimer = -1;
    long talkMsOverride = -1;
    final List<Ring> rings = new ArrayList<>();
    Ring connected;
    long connectedMs;
    String bridgeId;
    /** Set when the call came in as an AMI Originate of Local/s@inbound. */
    Originator.Request origin;

    Call(String linkedid, String from, String ivr, Chan one, Chan two) {
        this.linkedid = linkedid;
        this.from = from;
        this.ivr = ivr;
        this.one = one;
        this.two = two;
    }
}

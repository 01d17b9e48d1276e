package org.calldesk.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An inbound hotline call: the caller's Local pair and where it stands. {@code leg} is the half that runs the
 * hotline and waits in the queue (its name is the Channel of every queue event), {@code peer} the other half.
 */
final class Call {
    enum Phase { AGI, DIAL_AGENT, QUEUED, CONNECTED, DONE }

    final String linkedid;
    final String from;
    final String ivr;
    final Chan leg;
    final Chan peer;
    /**
     * The lab of the first captures (asterisk-22-queue-call and its siblings): an AMI Originate with an Application
     * put the dialplan on ";2", that dialplan never answered before Queue(), and its Local agents never signalled
     * ringing. Otherwise the call runs the shipped dialplan on ";1", answered first, as in the calldesk session.
     */
    final boolean firstLab;
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
    /** Set until the Originate that started the call has been answered with its OriginateResponse. */
    Originate origin;

    Call(String linkedid, String from, String ivr, Chan leg, Chan peer, boolean firstLab) {
        this.linkedid = linkedid;
        this.from = from;
        this.ivr = ivr;
        this.leg = leg;
        this.peer = peer;
        this.firstLab = firstLab;
    }
}

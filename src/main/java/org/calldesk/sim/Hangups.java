package org.calldesk.sim;

import java.util.ArrayList;

/** How calls end, in the order Asterisk 22 reports each ending. */
final class Hangups {
    private final Pbx pbx;

    Hangups(Pbx pbx) {
        this.pbx = pbx;
    }

    /**
     * The agent's phone ends the talk (AgentComplete Reason: agent). A Local agent's device is free again as soon as
     * ";2" is gone, and the queues hear of it then; the queue of the call itself hears only after AgentComplete.
     */
    void agentHangsUp(Call call) {
        Ring r = call.connected;
        if (call.phase != Call.Phase.CONNECTED || r == null) {
            return;
        }
        call.phase = Call.Phase.DONE;
        pbx.completed.incrementAndGet();
        SimDevice dev = r.device;
        SimQueue callsQueue = r.member == null ? null : r.queue;
        if (r.local()) {
            pbx.hangupRequest("SoftHangupRequest", r.two, 16);
            pbx.hangupRequest("HangupRequest", r.one, 16);
            pbx.hangup(r.two, 16);
            boolean told = false;
            if (!call.firstLab) {
                dev.busy--;
                told = pbx.queues.publish(dev, callsQueue);
            }
            if (r.member != null) {
                pbx.queues.complete(call, r, "agent");
                if (told) {
                    pbx.queues.memberStatus(r.queue, r.member);
                }
            }
            pbx.emit(pbx.bridge("BridgeLeave", call.bridgeId, 1).chan(r.one));
            pbx.hangup(r.one, 16);
            if (call.firstLab) {
                dev.busy--;
                pbx.queues.publish(dev, null);
            }
        } else {
            pbx.hangupRequest("HangupRequest", r.one, 16);
            if (r.member != null) {
                pbx.queues.complete(call, r, "agent");
            }
            pbx.emit(pbx.bridge("BridgeLeave", call.bridgeId, 1).chan(r.one));
            pbx.hangup(r.one, 16);
            dev.busy--;
            pbx.queues.publish(dev, null);
        }
        pbx.emit(pbx.bridge("BridgeLeave", call.bridgeId, 0).chan(call.leg));
        pbx.emit(pbx.bridge("BridgeDestroy", call.bridgeId, 0));
        // Queue() and Dial() were run without 'c' or 'g': the caller is hung up with the bridge.
        endCallerPair(call, 16);
        pbx.queues.dispatchAllSoon();
        pbx.finish(call);
    }

    /** The caller hangs up (or is hung up over AMI), wherever the call stands. */
    boolean callerHangsUp(Call call) {
        switch (call.phase) {
            case QUEUED -> pbx.queues.abandon(call);
            case CONNECTED -> callerLeavesTalk(call);
            default -> endBeforeQueue(call, 16);
        }
        return true;
    }

    /** The order of the core-show-channels capture, where the caller's leg was hung up mid-talk. */
    private void callerLeavesTalk(Call call) {
        Ring r = call.connected;
        call.phase = Call.Phase.DONE;
        pbx.completed.incrementAndGet();
        if (call.talkTimer >= 0) {
            pbx.vertx.cancelTimer(call.talkTimer);
            call.talkTimer = -1;
        }
        pbx.emit(pbx.bridge("BridgeLeave", call.bridgeId, 1).chan(call.leg));
        pbx.emit(pbx.bridge("BridgeLeave", call.bridgeId, 0).chan(r.one));
        if (r.local()) {
            pbx.hangupRequest("HangupRequest", r.two, 16);
        }
        pbx.hangupRequest("SoftHangupRequest", call.leg, 16);
        pbx.hangupRequest("HangupRequest", call.peer, 16);
        pbx.hangup(call.leg, 16);
        pbx.emit(pbx.bridge("BridgeDestroy", call.bridgeId, 0));
        if (r.member != null) {
            pbx.queues.complete(call, r, "caller");
        }
        if (!call.firstLab) {
            pbx.hangupRequest("SoftHangupRequest", call.peer, 16);
        }
        pbx.hangup(call.peer, 16);
        if (r.local()) {
            pbx.hangupRequest("SoftHangupRequest", r.two, 16);
            pbx.hangup(r.two, 16);
        }
        pbx.hangup(r.one, 16);
        r.device.busy--;
        pbx.queues.publish(r.device, null);
        pbx.queues.dispatchAllSoon();
        pbx.finish(call);
    }

    /** Hang-up during the IVR or while the account manager's phone rings: no queue events. */
    void endBeforeQueue(Call call, int cause) {
        for (Ring r : new ArrayList<>(call.rings)) {
            if (r.active) {
                pbx.rings.dropQuietly(r);
            }
        }
        call.rings.clear();
        if (call.attemptTimer >= 0) {
            pbx.vertx.cancelTimer(call.attemptTimer);
            call.attemptTimer = -1;
        }
        call.phase = Call.Phase.DONE;
        endCallerPair(call, cause);
        pbx.finish(call);
    }

    /**
     * The caller's Local pair goes, from the dialplan's half: its soft hang-up, then the other half's. In the first
     * lab the other half ran Originate's application, not a dialplan, and its dial was still unanswered unless bridged.
     */
    void endCallerPair(Call call, int cause) {
        pbx.hangupRequest("SoftHangupRequest", call.leg, 16);
        pbx.hangupRequest("HangupRequest", call.peer, cause);
        pbx.hangup(call.leg, cause);
        if (call.firstLab) {
            if (call.origin != null) {
                pbx.dialEnd(null, call.peer, "NOANSWER");
                originateFailed(call);
            }
        } else {
            pbx.hangupRequest("SoftHangupRequest", call.peer, 16);
        }
        pbx.hangup(call.peer, cause);
    }

    /** An originated call that never got answered reports Failure with the dial string, as in the captures. */
    void originateFailed(Call call) {
        if (call.origin != null) {
            Originate o = call.origin;
            call.origin = null;
            pbx.emit(o.response("Failure", o.channel(), 0, "<unknown>", call.peer.cidNum, call.peer.cidName));
        }
    }
}

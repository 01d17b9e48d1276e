package org.calldesk.sim;

import java.util.ArrayList;
import java.util.UUID;

/** A dialled phone's life: it is rung, says it rings, is answered and bridged, or is dropped. */
final class Rings {
    private final Pbx pbx;

    Rings(Pbx pbx) {
        this.pbx = pbx;
    }

    /**
     * Dials an interface for a call, from the queue (member != null: AgentCalled before DialBegin, as app_queue
     * reports it) or from Dial() in the dialplan; then the phone rings and says so, unless the call is the first lab's.
     */
    Ring start(Call call, SimQueue queue, Member member, SimDevice device, String dialString) {
        Chan[] legs = pbx.dialled(device.iface, call.linkedid);
        Ring r = new Ring(call, queue, member, device, legs, pbx.now());
        Chan one = r.one;
        String num = call.from;
        String name = call.leg.cidName;
        if (r.local()) {
            pbx.announcePair(one, r.two, num, name, member == null && !call.firstLab);
        } else {
            pbx.announceSingle(one, num, name);
        }
        one.application = member == null ? "AppDial" : "AppQueue";
        one.appData = "(Outgoing Line)";
        call.rings.add(r);
        device.ringing++;
        if (member != null) {
            member.ringingFor = call;
            // AgentCalled shows the leg as app_queue sees it (exten s, connected line set); DialBegin as dialled.
            String exten = one.exten;
            one.exten = "s";
            one.connected(num, name);
            pbx.emit(Frame.event("AgentCalled", "agent,all").chan(call.leg).dest(one)
                .f("Queue", queue.name()).f("Interface", member.iface).f("MemberName", member.name));
            one.exten = exten;
            one.connected("<unknown>", "<unknown>");
        }
        pbx.dialBegin(call.leg, one, dialString);
        one.exten = "s";
        if (call.firstLab) {
            // The first lab's agents never rang back: the connected line reaches ";1" unannounced.
            one.connected(num, name);
        } else {
            signal(r);
        }
        scheduleAnswer(r);
        return r;
    }

    /** The phone rings and says so: Newstate Ringing, the device state the queues hear of, DialState. */
    private void signal(Ring r) {
        pbx.newstate(r.one, Chan.RINGING);
        if (Pbx.unknown(r.one.connNum)) {
            r.one.connected(r.call.from, r.call.leg.cidName);
            pbx.newConnectedLine(r.one);
        }
        r.signalled = true;
        r.device.signalled++;
        pbx.queues.publish(r.device, null);
        pbx.dialState(r.call.leg, r.one, "RINGING");
    }

    private void scheduleAnswer(Ring ring) {
        if (ring.device.autoAnswer) {
            ring.answerTimer = pbx.vertx.setTimer(Math.max(1, pbx.settings.answerAfterMs()), t -> {
                ring.answerTimer = -1;
                if (ring.active && ring.device.autoAnswer) {
                    answer(ring);
                }
            });
        }
    }

    void answerRinging(SimDevice dev) {
        for (Call call : new ArrayList<>(pbx.calls.values())) {
            for (Ring r : new ArrayList<>(call.rings)) {
                if (r.device == dev && r.active) {
                    answer(r);
                    return;
                }
            }
        }
    }

    /** The phone picked up: cancel the other legs, connect it to the caller in a bridge. */
    void answer(Ring ring) {
        Call call = ring.call;
        if (!ring.active || call.phase == Call.Phase.DONE || call.phase == Call.Phase.CONNECTED) {
            return;
        }
        SimDevice dev = ring.device;
        ring.active = false;
        dev.ringing--;
        if (ring.signalled) {
            dev.signalled--;
        }
        dev.busy++;
        if (ring.local()) {
            pbx.newstate(ring.two, Chan.UP);
            pbx.queues.publish(dev, null);
            pbx.newstate(ring.one, Chan.UP);
            if (!ring.signalled) {
                pbx.newConnectedLine(ring.one);
            }
        } else {
            pbx.newstate(ring.one, Chan.UP);
            pbx.queues.publish(dev, null);
        }
        pbx.dialEnd(call.leg, ring.one, "ANSWER");
        for (Ring other : new ArrayList<>(call.rings)) {
            if (other != ring && other.active) {
                drop(other, "CANCEL", 26);
            }
        }
        call.rings.clear();
        if (call.attemptTimer >= 0) {
            pbx.vertx.cancelTimer(call.attemptTimer);
            call.attemptTimer = -1;
        }
        long now = pbx.now();
        if (ring.member != null) {
            ring.member.ringingFor = null;
            pbx.queues.connected(call, ring, now);
        }
        call.phase = Call.Phase.CONNECTED;
        call.connected = ring;
        call.connectedMs = now;
        if (call.firstLab) {
            // Only now does the originated caller answer: the first lab's dialplan never did.
            pbx.newstate(call.leg, Chan.UP);
            pbx.newstate(call.peer, Chan.UP);
            pbx.dialEnd(null, call.peer, "ANSWER");
        }
        call.bridgeId = UUID.randomUUID().toString();
        pbx.emit(pbx.bridge("BridgeCreate", call.bridgeId, 0));
        ring.one.bridgeId = call.bridgeId;
        call.leg.bridgeId = call.bridgeId;
        pbx.emit(pbx.bridge("BridgeEnter", call.bridgeId, 1).chan(ring.one));
        if (call.origin != null) {
            pbx.emit(call.origin.response("Success", call.peer.name, 4, call.peer.uniqueid,
                call.peer.cidNum, call.peer.cidName));
            call.origin = null;
        }
        pbx.emit(pbx.bridge("BridgeEnter", call.bridgeId, 2).chan(call.leg));
        ring.two.application = "Wait";
        call.talkTimer = pbx.vertx.setTimer(pbx.talkMs(call), t -> {
            call.talkTimer = -1;
            pbx.hangups.agentHangsUp(call);
        });
    }

    /**
     * Ends a ring nobody answered (NOANSWER), that another phone took (CANCEL) or that was refused (BUSY): app_queue
     * reports two DialEnds; a Local pair then hangs up from ";2"'s side.
     */
    void drop(Ring r, String status, int cause) {
        stop(r);
        Chan leg = r.call.leg;
        pbx.dialEnd(leg, r.one, status);
        if (r.member != null) {
            pbx.dialEnd(leg, r.one, "CANCEL");
        }
        if (r.local()) {
            pbx.hangupRequest("HangupRequest", r.two, cause);
            pbx.hangup(r.one, cause);
            if (!r.signalled) {
                pbx.newConnectedLine(r.one);
            }
            pbx.hangupRequest("SoftHangupRequest", r.two, 16);
            pbx.hangup(r.two, cause);
        } else {
            pbx.hangup(r.one, cause);
        }
        unsignal(r);
    }

    /** Ends a ring without a word to the dialler: the caller went away first. */
    void dropQuietly(Ring r) {
        stop(r);
        pbx.hangup(r.one, 0);
        pbx.hangup(r.two, 0);
        unsignal(r);
    }

    private void stop(Ring r) {
        r.active = false;
        if (r.answerTimer >= 0) {
            pbx.vertx.cancelTimer(r.answerTimer);
            r.answerTimer = -1;
        }
        r.device.ringing--;
        if (r.member != null) {
            r.member.ringingFor = null;
        }
    }

    private void unsignal(Ring r) {
        if (r.signalled) {
            r.signalled = false;
            r.device.signalled--;
            pbx.queues.publish(r.device, null);
        }
    }

    /** A ringing phone's leg was hung up: the ring counts as busy, as when the agent rejects it. */
    void reject(Ring r) {
        Call call = r.call;
        if (r.member == null) {
            pbx.hotline.agentMissed(call, r, "BUSY", 17);
            return;
        }
        drop(r, "BUSY", 17);
        call.rings.remove(r);
        if (call.rings.isEmpty() && call.phase == Call.Phase.QUEUED) {
            if (call.attemptTimer >= 0) {
                pbx.vertx.cancelTimer(call.attemptTimer);
                call.attemptTimer = -1;
            }
            call.retryUntilMs = pbx.now() + call.queue.spec.retryMs();
            pbx.queues.dispatchAllSoon();
        }
    }
}

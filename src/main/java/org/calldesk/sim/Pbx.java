package org.calldesk.sim;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The switch: channels, calls, rings, bridges and tear-downs. Single-threaded: everything runs on the
 * simulator's context (devices excepted, see {@link #device}), so no call state is shared between threads.
 */
final class Pbx {
    final Vertx vertx;
    final Context ctx;
    final SimSettings settings;
    final Consumer<Frame> sink;
    final SplittableRandom rnd;
    final Map<String, Chan> channels = new LinkedHashMap<>();
    final Map<String, Call> calls = new HashMap<>();
    final Map<String, Call> callByChannel = new HashMap<>();
    final Map<String, SimDevice> devices = new java.util.concurrent.ConcurrentHashMap<>();
    final QueueEngine queues;
    final AgiClient agi;
    final Hotline hotline;
    final QueueLogWriter queueLog;
    final AtomicLong placed = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong abandoned = new AtomicLong();
    private long uniqueSeq;
    private int localSeq;

    Pbx(Vertx vertx, Context ctx, SimSettings settings, Consumer<Frame> sink) {
        this.vertx = vertx;
        this.ctx = ctx;
        this.settings = settings;
        this.sink = sink;
        this.rnd = new SplittableRandom(settings.seed() + 1);
        this.queues = new QueueEngine(this);
        this.agi = new AgiClient(vertx, settings);
        this.hotline = new Hotline(this);
        this.queueLog = new QueueLogWriter(settings.queueLog(), this::epochS);
    }

    void onContext(Runnable r) {
        ctx.runOnContext(v -> r.run());
    }

    long now() {
        return System.currentTimeMillis();
    }

    long epochS() {
        return now() / 1000;
    }

    void emit(Frame f) {
        sink.accept(f);
    }

    /** Safe from any thread: devices are created on first use and only their flags are read elsewhere. */
    SimDevice device(String iface) {
        return devices.computeIfAbsent(iface, i -> new SimDevice(i, this));
    }

    // ---- channels -----------------------------------------------------------------------------

    private String nextUniqueid() {
        return epochS() + "." + uniqueSeq++;
    }

    /**
     * A channel pair (";1" down, ";2" ringing in the target context) like chan_local makes. Every interface is
     * modelled so, as the captures' Local/100N@agents members are; a PJSIP/x interface keeps its own name.
     */
    Chan[] localPair(String dial, String linkedid) {
        int slash = dial.indexOf('/');
        String target = slash < 0 ? dial : dial.substring(slash + 1);
        int at = target.indexOf('@');
        String exten = at < 0 ? target : target.substring(0, at);
        String context = at < 0 ? "default" : target.substring(at + 1);
        String base = dial + "-" + String.format("%08x", localSeq++);
        String u1 = nextUniqueid();
        Chan one = new Chan(base + ";1", u1, linkedid == null ? u1 : linkedid, Chan.DOWN, context, exten, now());
        Chan two = new Chan(base + ";2", nextUniqueid(), one.linkedid, Chan.RING, context, exten, now());
        channels.put(one.name, one);
        channels.put(two.name, two);
        return new Chan[] {one, two};
    }

    void newchannel(Chan c) {
        emit(Frame.event("Newchannel", "call,all").chan(c));
    }

    void newstate(Chan c, int state) {
        c.state = state;
        emit(Frame.event("Newstate", "call,all").chan(c));
    }

    void newexten(Chan c, int priority, String app, String data) {
        c.priority = priority;
        c.application = app;
        c.appData = data;
        emit(Frame.event("Newexten", "dialplan,all").chan(c).f("Extension", c.exten).f("Application", app).f("AppData", data));
    }

    void hangup(Chan c, int cause) {
        if (channels.remove(c.name) == null) {
            return;
        }
        emit(Frame.event("Hangup", "call,all").chan(c).f("Cause", cause).f("Cause-txt", causeText(cause)));
    }

    void hangupRequest(String event, Chan c, int cause) {
        emit(Frame.event(event, "call,all").chan(c).f("Cause", cause));
    }

    static String causeText(int cause) {
        return switch (cause) {
            case 16 -> "Normal Clearing";
            case 17 -> "User busy";
            case 19 -> "No answer";
            case 26 -> "Answered elsewhere";
            default -> "Unknown";
        };
    }

    void dialBegin(Chan src, Chan dest, String dialString) {
        Frame f = Frame.event("DialBegin", "call,all");
        if (src != null) {
            f.chan(src);
        }
        emit(f.dest(dest).f("DialString", dialString));
    }

    void dialEnd(Chan src, Chan dest, String status) {
        Frame f = Frame.event("DialEnd", "call,all");
        if (src != null) {
            f.chan(src);
        }
        emit(f.dest(dest).f("DialStatus", status));
    }

    long talkMs(Call call) {
        if (call != null && call.talkMsOverride >= 0) {
            return Math.max(1, call.talkMsOverride);
        }
        if (settings.talkMsFixed() > 0) {
            return settings.talkMsFixed();
        }
        return Math.max(1, Math.round(-Math.log(1 - rnd.nextDouble()) * settings.talkMsMean()));
    }

    void scheduleAnswer(Ring ring) {
        if (ring.device.autoAnswer) {
            ring.answerTimer = vertx.setTimer(Math.max(1, settings.answerAfterMs()), t -> {
                ring.answerTimer = -1;
                if (ring.active && ring.device.autoAnswer) {
                    answer(ring);
                }
            });
        }
    }

    void answerRinging(SimDevice dev) {
        for (Call call : new ArrayList<>(calls.values())) {
            for (Ring r : new ArrayList<>(call.rings)) {
                if (r.device == dev && r.active) {
                    answer(r);
                    return;
                }
            }
        }
    }

    /** Ends one ringing leg that was not answered: two DialEnds for queue rings, as app_queue does. */
    void dropRing(Ring r, String status, int cause, boolean quiet) {
        r.active = false;
        if (r.answerTimer >= 0) {
            vertx.cancelTimer(r.answerTimer);
        }
        r.device.ringing--;
        if (r.member != null) {
            r.member.ringingFor = null;
        }
        if (!quiet) {
            dialEnd(r.call.two, r.one, status);
            if (r.member != null) {
                dialEnd(r.call.two, r.one, "CANCEL");
            }
            hangupRequest("HangupRequest", r.two, cause);
        }
        hangup(r.one, cause);
        if (!quiet) {
            hangupRequest("SoftHangupRequest", r.two, 16);
        }
        hangup(r.two, cause);
    }

    /** The phone picked up: connect it to the caller and cancel the other legs. */
    void answer(Ring ring) {
        Call call = ring.call;
        if (!ring.active || call.phase == Call.Phase.DONE || call.phase == Call.Phase.CONNECTED) {
            return;
        }
        ring.active = false;
        ring.device.ringing--;
        ring.device.busy++;
        newstate(ring.two, Chan.UP);
        queues.deviceChanged(ring.device);
        newstate(ring.one, Chan.UP);
        dialEnd(call.two, ring.one, "ANSWER");
        for (Ring other : new ArrayList<>(call.rings)) {
            if (other != ring && other.active) {
                dropRing(other, "CANCEL", 26, false);
            }
        }
        call.rings.clear();
        if (call.attemptTimer >= 0) {
            vertx.cancelTimer(call.attemptTimer);
            call.attemptTimer = -1;
        }
        long now = now();
        if (ring.member != null) {
            ring.member.ringingFor = null;
            queues.connected(call, ring, now);
        }
        call.phase = Call.Phase.CONNECTED;
        call.connected = ring;
        call.connectedMs = now;
        newstate(call.two, Chan.UP);
        newstate(call.one, Chan.UP);
        dialEnd(null, call.one, "ANSWER");
        call.bridgeId = UUID.randomUUID().toString();
        emit(bridge("BridgeCreate", call.bridgeId, 0));
        ring.one.bridgeId = call.bridgeId;
        call.two.bridgeId = call.bridgeId;
        emit(bridge("BridgeEnter", call.bridgeId, 1).chan(ring.one));
        if (call.origin != null) {
            emit(Originator.response(call.origin, "Success", call.one.name, 4, call.one.uniqueid, call.one.cidNum,
                call.one.cidName));
            call.origin = null;
        }
        emit(bridge("BridgeEnter", call.bridgeId, 2).chan(call.two));
        ring.two.application = "Wait";
        call.talkTimer = vertx.setTimer(talkMs(call), t -> {
            call.talkTimer = -1;
            agentHangsUp(call);
        });
    }

    static Frame bridge(String event, String id, int count) {
        return Frame.event(event, "call,all").f("BridgeUniqueid", id).f("BridgeType", "basic")
            .f("BridgeTechnology", "simple_bridge").f("BridgeCreator", "<unknown>").f("BridgeName", "<unknown>")
            .f("BridgeNumChannels", count).f("BridgeVideoSourceMode", "none");
    }

    /** The agent's phone ends the talk (AgentComplete Reason: agent). */
    void agentHangsUp(Call call) {
        Ring r = call.connected;
        if (call.phase != Call.Phase.CONNECTED || r == null) {
            return;
        }
        call.phase = Call.Phase.DONE;
        completed.incrementAndGet();
        hangupRequest("SoftHangupRequest", r.two, 16);
        hangupRequest("HangupRequest", r.one, 16);
        hangup(r.two, 16);
        if (r.member != null) {
            queues.complete(call, r, "agent");
        }
        emit(bridge("BridgeLeave", call.bridgeId, 1).chan(r.one));
        hangup(r.one, 16);
        releaseDevice(r);
        emit(bridge("BridgeLeave", call.bridgeId, 0).chan(call.two));
        emit(bridge("BridgeDestroy", call.bridgeId, 0));
        hangupRequest("SoftHangupRequest", call.two, 16);
        hangupRequest("HangupRequest", call.one, 16);
        hangup(call.two, 16);
        hangup(call.one, 16);
        finish(call);
    }

    private void releaseDevice(Ring r) {
        r.device.busy--;
        if (r.member != null) {
            queues.released(r, now());
        }
        queues.deviceChanged(r.device);
        queues.dispatchAllSoon();
    }

    /** The caller hangs up, wherever the call stands. */
    boolean callerHangsUp(String linkedid) {
        Call call = calls.get(linkedid);
        if (call == null || call.phase == Call.Phase.DONE) {
            return false;
        }
        switch (call.phase) {
            case QUEUED -> queues.abandon(call);
            case CONNECTED -> {
                Ring r = call.connected;
                call.phase = Call.Phase.DONE;
                completed.incrementAndGet();
                if (call.talkTimer >= 0) {
                    vertx.cancelTimer(call.talkTimer);
                }
                // The order of the core-show-channels capture, where the caller's leg was hung up mid-talk.
                emit(bridge("BridgeLeave", call.bridgeId, 1).chan(call.two));
                emit(bridge("BridgeLeave", call.bridgeId, 0).chan(r.one));
                hangupRequest("HangupRequest", r.two, 16);
                hangupRequest("SoftHangupRequest", call.two, 16);
                hangupRequest("HangupRequest", call.one, 16);
                hangup(call.two, 16);
                emit(bridge("BridgeDestroy", call.bridgeId, 0));
                if (r.member != null) {
                    queues.complete(call, r, "caller");
                }
                hangup(call.one, 16);
                hangupRequest("SoftHangupRequest", r.two, 16);
                hangup(r.two, 16);
                hangup(r.one, 16);
                releaseDevice(r);
                finish(call);
            }
            default -> endBeforeQueue(call, 16);
        }
        return true;
    }

    /** Hang-up during the AGI or while the account manager's phone rings: no queue events. */
    void endBeforeQueue(Call call, int cause) {
        for (Ring r : new ArrayList<>(call.rings)) {
            if (r.active) {
                dropRing(r, "CANCEL", 0, true);
            }
        }
        call.rings.clear();
        if (call.attemptTimer >= 0) {
            vertx.cancelTimer(call.attemptTimer);
        }
        call.phase = Call.Phase.DONE;
        hangupRequest("SoftHangupRequest", call.two, cause);
        hangup(call.two, cause);
        originateFailed(call);
        hangup(call.one, cause);
        finish(call);
    }

    /** An originated hotline call that never got bridged reports Failure with the dial string, as in the captures. */
    void originateFailed(Call call) {
        if (call.origin != null) {
            Originator.Request o = call.origin;
            call.origin = null;
            emit(Originator.response(o, "Failure", o.channel(), 0, "<unknown>", call.one.cidNum, call.one.cidName));
        }
    }

    /** Forgets a call that has ended; an answered call was counted before its last events went out. */
    void finish(Call call) {
        call.phase = Call.Phase.DONE;
        calls.remove(call.linkedid);
        callByChannel.remove(call.one.name);
        callByChannel.remove(call.two.name);
    }

    /** AMI Hangup: the channel may be a caller leg, an agent leg, or an originated leg. */
    boolean hangupChannel(String name) {
        Call call = callByChannel.get(name);
        if (call != null) {
            return callerHangsUp(call.linkedid);
        }
        for (Call c : calls.values()) {
            Ring r = c.connected;
            if (r != null && (r.one.name.equals(name) || r.two.name.equals(name))) {
                if (c.talkTimer >= 0) {
                    vertx.cancelTimer(c.talkTimer);
                }
                agentHangsUp(c);
                return true;
            }
        }
        for (Call c : calls.values()) {
            for (Ring r : c.rings) {
                if (r.active && (r.one.name.equals(name) || r.two.name.equals(name))) {
                    rejectRing(r);
                    return true;
                }
            }
        }
        return originations.hangup(name);
    }

    /** A ringing phone's leg was hung up: the ring counts as busy, as when the agent rejects it. */
    private void rejectRing(Ring r) {
        Call call = r.call;
        if (r.member == null) {
            hotline.agentMissed(call, r, "BUSY", 17);
            return;
        }
        dropRing(r, "BUSY", 17, false);
        call.rings.remove(r);
        if (call.rings.isEmpty() && call.phase == Call.Phase.QUEUED) {
            if (call.attemptTimer >= 0) {
                vertx.cancelTimer(call.attemptTimer);
                call.attemptTimer = -1;
            }
            call.retryUntilMs = now() + call.queue.spec.retryMs();
            queues.dispatchAllSoon();
        }
    }

    final Originator originations = new Originator(this);
}

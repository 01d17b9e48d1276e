package org.calldesk.sim;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The switch: channels and the channel events every call is made of. Single-threaded: everything runs on the
 * simulator's context (devices excepted, see {@link #device}), so no call state is shared between threads.
 */
final class Pbx {
    /** The context of the agents' phones in telephony/asterisk/pjsip.conf: a PJSIP channel to an agent starts there. */
    static final String AGENT_PHONES = "calldesk-agent-phones";
    /** The context of the carrier's endpoint, "trunk", in telephony/asterisk/pjsip.conf: its channels start there. */
    static final String CARRIER = "from-trunk";
    private static final String UNKNOWN = "<unknown>";

    final Vertx vertx;
    final Context ctx;
    final SimSettings settings;
    final Consumer<Frame> sink;
    final SplittableRandom rnd;
    final Map<String, Chan> channels = new LinkedHashMap<>();
    final Map<String, Call> calls = new HashMap<>();
    final Map<String, Call> callByChannel = new HashMap<>();
    final Map<String, SimDevice> devices = new ConcurrentHashMap<>();
    final QueueEngine queues;
    final AgiClient agi;
    final Rings rings;
    final Hangups hangups;
    final Hotline hotline;
    final QueueLogWriter queueLog;
    final AtomicLong placed = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong abandoned = new AtomicLong();
    private final Wanted wanted;
    /** Each channel technology numbers its channels on its own, as chan_local and chan_pjsip do. */
    private final Map<String, Integer> nameSeq = new HashMap<>();
    private long uniqueSeq;

    /** Whether any AMI session could be sent an event of this name and these classes. */
    interface Wanted {
        boolean test(String event, int category);
    }

    Pbx(Vertx vertx, Context ctx, SimSettings settings, Consumer<Frame> sink, Wanted wanted) {
        this.vertx = vertx;
        this.ctx = ctx;
        this.settings = settings;
        this.sink = sink;
        this.wanted = wanted;
        this.rnd = new SplittableRandom(settings.seed() + 1);
        this.queues = new QueueEngine(this);
        this.agi = new AgiClient(vertx, settings);
        this.rings = new Rings(this);
        this.hangups = new Hangups(this);
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

    /**
     * A channel event to build, or a muted one when no session would be sent it (the shipped manager.conf's
     * eventfilter lines drop most channel bookkeeping): Asterisk queues every event, but what nobody reads costs the
     * simulator nothing here.
     */
    Frame event(String name, String privilege) {
        return wanted.test(name, AmiUser.category(privilege)) ? Frame.event(name, privilege) : Frame.muted(name);
    }

    /** Safe from any thread: devices are created on first use and only their flags are read elsewhere. */
    SimDevice device(String iface) {
        return devices.computeIfAbsent(iface, i -> new SimDevice(i, this));
    }

    // ---- channels -----------------------------------------------------------------------------

    private String nextUniqueid() {
        return epochS() + "." + uniqueSeq++;
    }

    private String nextName(String dial) {
        int slash = dial.indexOf('/');
        String tech = slash < 0 ? dial : dial.substring(0, slash);
        int seq = nameSeq.merge(tech, 1, Integer::sum) - 1;
        return dial + "-" + String.format("%08x", seq);
    }

    /** A channel pair (";1" down, ";2" ringing in the target context) like chan_local makes for Local/exten@context. */
    Chan[] localPair(String dial, String linkedid) {
        int slash = dial.indexOf('/');
        String target = slash < 0 ? dial : dial.substring(slash + 1);
        int at = target.indexOf('@');
        String exten = at < 0 ? target : target.substring(0, at);
        String context = at < 0 ? "default" : target.substring(at + 1);
        String base = nextName(dial);
        String u1 = nextUniqueid();
        Chan one = new Chan(base + ";1", u1, linkedid == null ? u1 : linkedid, Chan.DOWN, context, exten, now());
        Chan two = new Chan(base + ";2", nextUniqueid(), one.linkedid, Chan.RING, context, exten, now());
        channels.put(one.name, one);
        channels.put(two.name, two);
        return new Chan[] {one, two};
    }

    /**
     * The channels Asterisk makes to dial an interface: a Local pair, or for any other technology one channel
     * ({@code PJSIP/1001-00000005}, no ";1"/";2"), returned twice so that both ends of a ring name it. chan_pjsip
     * names a channel after its endpoint, so {@code PJSIP/+8613800138000@trunk} becomes {@code PJSIP/trunk-00000006};
     * the shipped dialplan dials a user at an endpoint only at the carrier's, so it starts in that one's context.
     */
    Chan[] dialled(String iface, String linkedid) {
        if (iface.regionMatches(true, 0, "Local/", 0, 6)) {
            return localPair(iface, linkedid);
        }
        int at = iface.indexOf('@');
        String endpoint = at < 0 ? iface : iface.substring(0, iface.indexOf('/') + 1) + iface.substring(at + 1);
        String u = nextUniqueid();
        Chan c = new Chan(nextName(endpoint), u, linkedid == null ? u : linkedid, Chan.DOWN,
            at < 0 ? AGENT_PHONES : CARRIER, "s", now());
        channels.put(c.name, c);
        return new Chan[] {c, c};
    }

    /**
     * A Local pair coming to life as chan_local reports it: both Newchannels (caller ID not yet copied), the caller
     * ID (and, when {@code connectedOnOne}, the connected line) on ";1", both on ";2", then LocalBridge.
     */
    void announcePair(Chan one, Chan two, String num, String name, boolean connectedOnOne) {
        newchannel(one);
        newchannel(two);
        one.callerId(num, name);
        newCallerid(one);
        if (connectedOnOne) {
            one.connected(num, name);
            newConnectedLine(one);
        }
        two.callerId(num, name);
        two.connected(num, name);
        newCallerid(two);
        newConnectedLine(two);
        localBridge(one, two);
    }

    /** chan_local found the extension and starts ";2" on it. */
    void localBridge(Chan one, Chan two) {
        emit(event("LocalBridge", "call,all").chan("LocalOne", one).chan("LocalTwo", two)
            .f("Context", two.context).f("Exten", two.exten).f("LocalOptimization", "Yes"));
    }

    /** One channel of another technology coming to life, with the caller ID app_queue or Dial() gives it. */
    void announceSingle(Chan c, String num, String name) {
        newchannel(c);
        c.callerId(num, name);
        newCallerid(c);
    }

    static boolean unknown(String value) {
        return value == null || UNKNOWN.equals(value);
    }

    // ---- channel events -----------------------------------------------------------------------

    void newchannel(Chan c) {
        emit(event("Newchannel", "call,all").chan(c));
    }

    void newstate(Chan c, int state) {
        c.state = state;
        emit(event("Newstate", "call,all").chan(c));
    }

    void newCallerid(Chan c) {
        emit(event("NewCallerid", "call,all").chan(c).f("CID-CallingPres", "0 (Presentation Allowed, Not Screened)"));
    }

    void newConnectedLine(Chan c) {
        emit(event("NewConnectedLine", "call,all").chan(c));
    }

    void newexten(Chan c, int priority, String app, String data) {
        step(c, c.context, c.exten, priority, app, data);
    }

    /** The channel runs a dialplan step; Newexten only when someone reads dialplan events (calldesk does not). */
    void step(Chan c, String context, String exten, int priority, String app, String data) {
        c.context = context;
        c.exten = exten;
        c.priority = priority;
        c.application = app;
        c.appData = data;
        emit(event("Newexten", "dialplan,all").chan(c).f("Extension", c.exten).f("Application", app).f("AppData", data));
    }

    void hangup(Chan c, int cause) {
        hangup(c, cause, 0);
    }

    /**
     * {@code techCause} is the SIP code a PJSIP channel ended with, which Asterisk 22.10 added to Hangup and
     * HangupRequest (chan_pjsip: the response it got, or what its hangup sent for the cause); 0 when there is none.
     */
    void hangup(Chan c, int cause, int techCause) {
        if (channels.remove(c.name) == null) {
            return;
        }
        emit(techCaused(event("Hangup", "call,all").chan(c).f("Cause", cause).f("Cause-txt", causeText(cause)),
            techCause));
    }

    void hangupRequest(String event, Chan c, int cause) {
        hangupRequest(event, c, cause, 0);
    }

    void hangupRequest(String event, Chan c, int cause, int techCause) {
        emit(techCaused(event(event, "call,all").chan(c).f("Cause", cause), techCause));
    }

    private static Frame techCaused(Frame f, int techCause) {
        return techCause > 0 ? f.f("TechCause", techCause) : f;
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

    /** {@code src} is null for a dial that no channel made: an Originate's. */
    void dialBegin(Chan src, Chan dest, String dialString) {
        emit(dial("DialBegin", src, dest).f("DialString", dialString));
    }

    void dialState(Chan src, Chan dest, String status) {
        emit(dial("DialState", src, dest).f("DialStatus", status));
    }

    void dialEnd(Chan src, Chan dest, String status) {
        emit(dial("DialEnd", src, dest).f("DialStatus", status));
    }

    private Frame dial(String event, Chan src, Chan dest) {
        Frame f = event(event, "call,all");
        if (src != null) {
            f.chan(src);
        }
        return f.dest(dest);
    }

    Frame bridge(String event, String id, int count) {
        return event(event, "call,all").f("BridgeUniqueid", id).f("BridgeType", "basic")
            .f("BridgeTechnology", "simple_bridge").f("BridgeCreator", "<unknown>").f("BridgeName", "<unknown>")
            .f("BridgeNumChannels", count).f("BridgeVideoSourceMode", "none");
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

    // ---- calls --------------------------------------------------------------------------------

    /** A person picks up the phone: the first ring on it is answered. */
    void answerRinging(SimDevice dev) {
        rings.answerRinging(dev);
    }

    /**
     * The person at this phone presses hold ({@code on}) or takes the caller back, on the call connected to it: the
     * phone's channel sends a re-INVITE and Asterisk raises Hold (with the MusicClass the caller hears) or Unhold on
     * that channel (manager_channels.c). A Local member's phone sits behind the pair, which the simulator does not
     * model: nothing is raised for one. False when no call is connected to the phone.
     */
    boolean hold(SimDevice dev, boolean on) {
        for (Call c : calls.values()) {
            Ring r = c.connected;
            if (r != null && r.device == dev && c.phase == Call.Phase.CONNECTED) {
                if (!r.local()) {
                    Frame frame = event(on ? "Hold" : "Unhold", "call,all").chan(r.one);
                    emit(on ? frame.f("MusicClass", "default") : frame);
                }
                return true;
            }
        }
        return false;
    }

    /** The caller hangs up, wherever the call stands; false if no such live call. */
    boolean callerHangsUp(String linkedid) {
        Call call = calls.get(linkedid);
        return call != null && call.phase != Call.Phase.DONE && hangups.callerHangsUp(call);
    }

    /** Forgets a call that has ended; an answered call was counted before its last events went out. */
    void finish(Call call) {
        call.phase = Call.Phase.DONE;
        calls.remove(call.linkedid);
        callByChannel.remove(call.leg.name);
        callByChannel.remove(call.peer.name);
    }

    /** AMI Hangup: the channel may be a caller's, an agent's (ringing or talking), or an originated one. */
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
                hangups.agentHangsUp(c);
                return true;
            }
        }
        for (Call c : calls.values()) {
            for (Ring r : c.rings) {
                if (r.active && (r.one.name.equals(name) || r.two.name.equals(name))) {
                    rings.reject(r);
                    return true;
                }
            }
        }
        return originations.hangup(name);
    }

    final Originator originations = new Originator(this);
}

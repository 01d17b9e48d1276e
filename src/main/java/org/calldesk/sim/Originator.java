package org.calldesk.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * AMI Originate as Asterisk 22 runs it (main/manager.c fast_originate, main/pbx.c pbx_outgoing_attempt): the dial
 * string's phone rings first, with the Originate's CallerID as its caller and connected line; once it answers the
 * channel runs the target and OriginateResponse says Success, Reason 4, naming that channel. A numeric extension is
 * sent on to the carrier as the shipped calldesk-outbound context does (Dial(PJSIP/${EXTEN}@trunk)), which is
 * click-to-call's second leg. Failures report the dial string as Channel and Uniqueid {@code <unknown>}, with the
 * Reason of pbx_dial_reason: 0 for a phone that cannot be called, 3 when it rang until the Timeout, 5 when it was
 * rejected.
 *
 * <p>The first leg is what the technology's driver makes: chan_local's ";1"/";2" pair for {@code Local/...}, as the
 * capture recorded it, or chan_pjsip's one channel for {@code PJSIP/...}, which no capture has (see
 * {@link #startPjsip}).
 */
final class Originator {
    private static final int REASON_FAILED = 0;
    private static final int REASON_RINGING = 3;
    private static final int REASON_ANSWERED = 4;
    private static final int REASON_BUSY = 5;
    /** The channel drivers the simulator has. Asterisk 22 has no chan_sip, so SIP/x fails as any unknown driver. */
    private static final Set<String> TECHNOLOGIES = Set.of("Local", "PJSIP");
    /** What calldesk-outbound sends out: _X. and _+X. */
    private static final Pattern OUTBOUND = Pattern.compile("\\+?[0-9]{2,}");

    private final Pbx pbx;
    private final Map<String, Leg> live = new HashMap<>();

    /**
     * One originated call: the first leg and, once dialled, the customer's. A Local first leg is a pair, ";1" in
     * {@code one} and ";2" in {@code two}; any other is one channel, held in both.
     */
    private static final class Leg {
        final Request req;
        final Consumer<Boolean> done;
        final Chan one;
        final Chan two;
        final SimDevice device;
        /** The phone said it rings: its device state moved, and must move back when the ring ends. */
        boolean signalled;
        boolean up;
        long timer = -1;
        Chan[] out;
        SimDevice customer;
        boolean outRinging;
        boolean outUp;
        String bridgeId;

        Leg(Request req, Consumer<Boolean> done, Chan[] pair, SimDevice device) {
            this.req = req;
            this.done = done;
            this.one = pair[0];
            this.two = pair[1];
            this.device = device;
        }

        boolean local() {
            return one != two;
        }
    }

    /** What the client asked for; target is either context/exten or application/data. */
    record Request(String actionId, String channel, String context, String exten, String application, String data,
                   String cidNum, String cidName, long timeoutMs) {}

    Originator(Pbx pbx) {
        this.pbx = pbx;
    }

    /** Starts the originate; done(true/false) is told once the phone answered or gave up. */
    void originate(Request req, Consumer<Boolean> done) {
        int slash = req.channel().indexOf('/');
        String tech = slash < 0 ? "" : req.channel().substring(0, slash);
        if (!TECHNOLOGIES.contains(tech)) {
            // ast_request finds no driver: no channel is ever made, only the response.
            pbx.emit(failure(req, REASON_FAILED));
            done.accept(false);
            return;
        }
        // What main/dial.c calls the device: the dial string without its technology, as DialBegin shows it.
        String device = req.channel().substring(slash + 1);
        if (tech.equals("Local")) {
            startLocal(req, done, device);
        } else {
            startPjsip(req, done, device);
        }
    }

    /** chan_local's pair, in the order the capture has it for Local/1001@agents and Local/9999@agents. */
    private void startLocal(Request req, Consumer<Boolean> done, String device) {
        // A Local channel reaches only an extension the simulator has a phone for.
        boolean exists = pbx.devices.containsKey(req.channel());
        Leg leg = new Leg(req, done, pbx.localPair(req.channel(), null), exists ? pbx.device(req.channel()) : null);
        if (req.cidNum() != null) {
            String name = req.cidName() == null ? "<unknown>" : req.cidName();
            for (Chan c : new Chan[] {leg.one, leg.two}) {
                c.callerId(req.cidNum(), name);
                c.connected(req.cidNum(), name);
            }
        }
        pbx.newchannel(leg.one);
        pbx.newchannel(leg.two);
        pbx.newexten(leg.one, 1, "AppDial2", "(Outgoing Line)");
        if (!exists) {
            // As Local/9999@agents in the capture: the pair is made, ;2 finds no extension and both go.
            pbx.hangup(leg.two, 0);
            pbx.emit(failure(req, REASON_FAILED));
            pbx.hangup(leg.one, 0);
            done.accept(false);
            return;
        }
        live.put(leg.one.name, leg);
        live.put(leg.two.name, leg);
        pbx.dialBegin(null, leg.one, device);
        leg.device.ringing++;
        ring(leg, leg.device, () -> answered(leg), () -> unanswered(leg));
    }

    /**
     * Derived from Asterisk 22.10's source, not captured (the lab's Asterisk had no chan_pjsip). chan_pjsip_request
     * makes one channel, {@code PJSIP/<endpoint>-<8 hex digits>} numbered among all PJSIP channels (calldesk's
     * interfaces are bare endpoints, PJSIP/100N, so the dial string names it): Down, in the endpoint's context at
     * exten s, with the endpoint's own callerid= (the simulator reads no pjsip.conf, so none, as on its queue legs).
     * pbx_outgoing_attempt then sets the Originate's CallerID as caller and connected line (NewCallerid,
     * NewConnectedLine). main/dial.c, not app_dial, calls it with no calling channel: DialBegin and DialState carry
     * only Dest fields. Every endpoint exists here, so a PJSIP Originate never fails at once.
     */
    private void startPjsip(Request req, Consumer<Boolean> done, String device) {
        Leg leg = new Leg(req, done, pbx.dialled(req.channel(), null), pbx.device(req.channel()));
        Chan c = leg.one;
        pbx.newchannel(c);
        pbx.newexten(c, 1, "AppDial2", "(Outgoing Line)");
        if (req.cidNum() != null || req.cidName() != null) {
            String num = req.cidNum() == null ? "<unknown>" : req.cidNum();
            String name = req.cidName() == null ? "<unknown>" : req.cidName();
            c.callerId(num, name);
            pbx.newCallerid(c);
            c.connected(num, name);
            pbx.newConnectedLine(c);
        }
        live.put(c.name, leg);
        pbx.dialBegin(null, c, device);
        leg.device.ringing++;
        // The phone's 180: chan_pjsip sets the state, which the queues hear as the device ringing (Status 6), before
        // main/dial.c reads the RINGING frame and reports it.
        pbx.newstate(c, Chan.RINGING);
        leg.signalled = true;
        leg.device.signalled++;
        pbx.queues.deviceChanged(leg.device);
        pbx.dialState(null, c, "RINGING");
        ring(leg, leg.device, () -> answered(leg), () -> unanswered(leg));
    }

    private void stopRinging(Leg leg) {
        leg.device.ringing--;
        if (leg.signalled) {
            leg.signalled = false;
            leg.device.signalled--;
        }
    }

    /** Rings a phone for the Originate's Timeout: answered if it picks up before then. */
    private void ring(Leg leg, SimDevice phone, Runnable answered, Runnable timedOut) {
        long answerMs = Math.max(1, pbx.settings.answerAfterMs());
        long timeoutMs = Math.max(1, leg.req.timeoutMs());
        boolean picksUp = phone.autoAnswer && answerMs < timeoutMs;
        leg.timer = pbx.vertx.setTimer(picksUp ? answerMs : timeoutMs, t -> {
            leg.timer = -1;
            (picksUp ? answered : timedOut).run();
        });
    }

    private void answered(Leg leg) {
        Request req = leg.req;
        stopRinging(leg);
        leg.device.busy++;
        leg.up = true;
        if (leg.local()) {
            // ";2" runs the Local extension, whose Answer() is what answers ";1".
            pbx.newexten(leg.two, 1, "Answer", "");
            pbx.newstate(leg.two, Chan.UP);
        }
        // A PJSIP phone's 200 OK: ast_read sets the channel Up before main/dial.c reports the answer.
        pbx.newstate(leg.one, Chan.UP);
        pbx.dialEnd(null, leg.one, "ANSWER");
        boolean outbound = false;
        if (req.context() != null) {
            leg.one.context = req.context();
            leg.one.exten = req.exten() == null ? "s" : req.exten();
            outbound = OUTBOUND.matcher(leg.one.exten).matches();
            if (outbound) {
                pbx.newexten(leg.one, 1, "NoOp", "calldesk click-to-call to " + leg.one.exten);
            } else {
                pbx.newexten(leg.one, 1, "Answer", "");
            }
        }
        pbx.emit(response(req, "Success", leg.one.name, REASON_ANSWERED, leg.one.uniqueid, leg.one.cidNum,
            leg.one.cidName));
        pbx.queues.deviceChanged(leg.device);
        leg.done.accept(true);
        if (outbound) {
            dialCustomer(leg);
        } else {
            leg.timer = pbx.vertx.setTimer(pbx.talkMs(null), t -> end(leg));
        }
    }

    /**
     * Rang until the Timeout: ast_dial hangs the phone's channel up with cause 19 and reports no DialEnd; Reason is
     * 3. chan_pjsip cancels the INVITE with the SIP code for that cause, 480, which becomes the Hangup's TechCause.
     */
    private void unanswered(Leg leg) {
        stopRinging(leg);
        forget(leg);
        if (leg.local()) {
            pbx.hangup(leg.one, 19);
            pbx.hangup(leg.two, 19);
        } else {
            pbx.hangup(leg.one, 19, 480);
            pbx.queues.deviceChanged(leg.device);
        }
        pbx.emit(failure(leg.req, REASON_RINGING));
        leg.done.accept(false);
    }

    /**
     * The ringing first leg was hung up over AMI: taken as the phone rejecting it (busy), as queue rings are. A PJSIP
     * phone's 486 ends its session; chan_pjsip queues the hangup with cause 17 and TechCause 486, and main/dial.c,
     * reading it, reports BUSY before hanging the channel up.
     */
    private void rejected(Leg leg) {
        if (leg.timer >= 0) {
            pbx.vertx.cancelTimer(leg.timer);
        }
        stopRinging(leg);
        forget(leg);
        if (leg.local()) {
            pbx.hangup(leg.one, 17);
            pbx.hangup(leg.two, 17);
        } else {
            pbx.hangupRequest("HangupRequest", leg.one, 17, 486);
            pbx.dialEnd(null, leg.one, "BUSY");
            pbx.hangup(leg.one, 17, 486);
            pbx.queues.deviceChanged(leg.device);
        }
        pbx.emit(failure(leg.req, REASON_BUSY));
        leg.done.accept(false);
    }

    /**
     * The context's Dial to the carrier. The simulator has no dialplan to read Dial's own timeout from, so the
     * customer rings as long as the Originate let the first phone ring.
     */
    private void dialCustomer(Leg leg) {
        String dial = "PJSIP/" + leg.one.exten + "@trunk";
        pbx.newexten(leg.one, 3, "Dial", dial + "," + Math.max(1, leg.req.timeoutMs() / 1000));
        leg.customer = pbx.device(dial);
        leg.out = pbx.localPair(dial, leg.one.linkedid);
        for (Chan c : leg.out) {
            live.put(c.name, leg);
        }
        pbx.newchannel(leg.out[0]);
        pbx.newchannel(leg.out[1]);
        pbx.dialBegin(leg.one, leg.out[0], dial);
        if (!leg.customer.available()) {
            customerGone(leg, "BUSY", 17);
            return;
        }
        leg.customer.ringing++;
        leg.outRinging = true;
        ring(leg, leg.customer, () -> customerAnswered(leg), () -> customerGone(leg, "NOANSWER", 19));
    }

    private void customerAnswered(Leg leg) {
        leg.customer.ringing--;
        leg.outRinging = false;
        leg.customer.busy++;
        leg.outUp = true;
        pbx.newstate(leg.out[1], Chan.UP);
        pbx.newstate(leg.out[0], Chan.UP);
        pbx.dialEnd(leg.one, leg.out[0], "ANSWER");
        leg.bridgeId = UUID.randomUUID().toString();
        leg.one.bridgeId = leg.bridgeId;
        leg.out[0].bridgeId = leg.bridgeId;
        pbx.emit(Pbx.bridge("BridgeCreate", leg.bridgeId, 0));
        pbx.emit(Pbx.bridge("BridgeEnter", leg.bridgeId, 1).chan(leg.out[0]));
        pbx.emit(Pbx.bridge("BridgeEnter", leg.bridgeId, 2).chan(leg.one));
        leg.timer = pbx.vertx.setTimer(pbx.talkMs(null), t -> end(leg));
    }

    /** The customer's leg ended unanswered; the context then hangs up, and with it the first leg. */
    private void customerGone(Leg leg, String status, int cause) {
        if (leg.timer >= 0) {
            pbx.vertx.cancelTimer(leg.timer);
            leg.timer = -1;
        }
        if (leg.outRinging) {
            leg.customer.ringing--;
            leg.outRinging = false;
        }
        pbx.dialEnd(leg.one, leg.out[0], status);
        for (Chan c : leg.out) {
            live.remove(c.name);
            pbx.hangup(c, cause);
        }
        leg.out = null;
        pbx.newexten(leg.one, 4, "Hangup", "");
        end(leg);
    }

    /** Talk over, or hung up over AMI once the first leg is up: everything still there goes, the first leg last. */
    private void end(Leg leg) {
        if (!forget(leg)) {
            return;
        }
        if (leg.timer >= 0) {
            pbx.vertx.cancelTimer(leg.timer);
        }
        if (leg.out != null) {
            if (leg.outUp) {
                pbx.emit(Pbx.bridge("BridgeLeave", leg.bridgeId, 1).chan(leg.one));
                pbx.emit(Pbx.bridge("BridgeLeave", leg.bridgeId, 0).chan(leg.out[0]));
                pbx.emit(Pbx.bridge("BridgeDestroy", leg.bridgeId, 0));
                pbx.hangupRequest("HangupRequest", leg.out[0], 16);
                leg.customer.busy--;
            } else if (leg.outRinging) {
                leg.customer.ringing--;
                leg.outRinging = false;
                pbx.dialEnd(leg.one, leg.out[0], "CANCEL");
            }
            pbx.hangup(leg.out[0], 16);
            pbx.hangup(leg.out[1], 16);
        }
        pbx.hangupRequest("SoftHangupRequest", leg.one, 16);
        if (leg.local()) {
            pbx.hangupRequest("HangupRequest", leg.two, 16);
        }
        pbx.hangup(leg.one, 16);
        pbx.hangup(leg.two, 16);
        leg.device.busy--;
        pbx.queues.deviceChanged(leg.device);
        pbx.queues.dispatchAllSoon();
    }

    /** False when the call was already forgotten. */
    private boolean forget(Leg leg) {
        boolean known = live.remove(leg.one.name) != null;
        live.remove(leg.two.name);
        if (leg.out != null) {
            live.remove(leg.out[0].name);
            live.remove(leg.out[1].name);
        }
        return known;
    }

    /** AMI Hangup of any channel of an originated call. */
    boolean hangup(String channel) {
        Leg leg = live.get(channel);
        if (leg == null) {
            return false;
        }
        boolean customerChannel = leg.out != null && (leg.out[0].name.equals(channel) || leg.out[1].name.equals(channel));
        if (!leg.up) {
            rejected(leg);
        } else if (customerChannel && !leg.outUp) {
            customerGone(leg, "BUSY", 17);
        } else {
            end(leg);
        }
        return true;
    }

    /** A failed originate: no channel to name, so the dial string, and the CallerID it was asked for. */
    private static Frame failure(Request req, int reason) {
        return response(req, "Failure", req.channel(), reason, "<unknown>",
            req.cidNum() == null ? "<unknown>" : req.cidNum(), req.cidName() == null ? "<unknown>" : req.cidName());
    }

    static Frame response(Request req, String result, String channel, int reason, String uniqueid, String num, String name) {
        Frame f = Frame.event("OriginateResponse", "call,all").actionId(req.actionId()).f("Response", result).f("Channel", channel);
        if (req.context() != null) {
            f.f("Context", req.context()).f("Exten", req.exten() == null ? "s" : req.exten());
        } else {
            f.f("Application", req.application()).f("Data", req.data() == null ? "" : req.data());
        }
        return f.f("Reason", reason).f("Uniqueid", uniqueid).f("CallerIDNum", num).f("CallerIDName", name);
    }
}

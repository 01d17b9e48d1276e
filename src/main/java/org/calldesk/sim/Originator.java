package org.calldesk.sim;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * AMI Originate as Asterisk 22 runs it (main/manager.c fast_originate, main/pbx.c pbx_outgoing_attempt): the dial
 * string's phone rings first, with the Originate's CallerID as its caller and connected line; once it answers the
 * channel runs the target and OriginateResponse says Success, Reason 4, naming that channel. A numeric extension is
 * sent on to the carrier as the shipped calldesk-outbound context does, which is click-to-call's second leg
 * ({@link OutboundDial}). Any other context runs what the capture lab's inbound-direct ran: Answer, Wait for the talk
 * time, Hangup. Failures report the dial string as Channel and Uniqueid {@code <unknown>}, with the Reason of
 * pbx_dial_reason: 0 for a phone that cannot be called, 3 when it rang until the Timeout, 5 when it was rejected.
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
    /** The second step of the captures' [agents] (Answer, Wait(20)): a Local agent's ";2" waits there while it talks. */
    private static final String LAB_AGENT_WAIT = "20";

    private final Pbx pbx;
    private final Map<String, Origination> live = new HashMap<>();

    Originator(Pbx pbx) {
        this.pbx = pbx;
    }

    /** Starts the originate; done(true/false) is told once the phone answered or gave up. */
    void originate(Originate req, Consumer<Boolean> done) {
        int slash = req.channel().indexOf('/');
        String tech = slash < 0 ? "" : req.channel().substring(0, slash);
        if (!TECHNOLOGIES.contains(tech)) {
            // ast_request finds no driver: no channel is ever made, only the response.
            pbx.emit(req.failure(REASON_FAILED));
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

    /**
     * chan_local's pair, in the order the capture has it for Local/1001@agents and Local/9999@agents. Both are born
     * with no caller ID; pbx_outgoing_attempt gives ";1" the Originate's, then local_call (ast_unreal_call_setup)
     * crosses it to ";2" in one snapshot: ";1"'s connected line as its caller, ";1"'s caller as its connected line.
     * Only then does it look for the extension, and only if there is one does it announce the LocalBridge.
     */
    private void startLocal(Originate req, Consumer<Boolean> done, String device) {
        // A Local channel reaches only an extension the simulator has a phone for.
        boolean exists = pbx.devices.containsKey(req.channel());
        Origination leg = new Origination(req, done, pbx.localPair(req.channel(), null),
            exists ? pbx.device(req.channel()) : null);
        pbx.newchannel(leg.one);
        pbx.newchannel(leg.two);
        pbx.newexten(leg.one, 1, "AppDial2", "(Outgoing Line)");
        if (originatorsCallerId(leg.one, req)) {
            leg.two.callerId(leg.one.connNum, leg.one.connName);
            leg.two.connected(leg.one.cidNum, leg.one.cidName);
            pbx.newCallerid(leg.two);
            pbx.newConnectedLine(leg.two);
        }
        if (!exists) {
            // As Local/9999@agents in the capture: ;2 finds no extension and goes, ;1 after the response.
            pbx.hangup(leg.two, 0);
            pbx.emit(req.failure(REASON_FAILED));
            pbx.hangup(leg.one, 0);
            done.accept(false);
            return;
        }
        pbx.localBridge(leg.one, leg.two);
        live.put(leg.one.name, leg);
        live.put(leg.two.name, leg);
        pbx.dialBegin(null, leg.one, device);
        leg.device.ringing++;
        ring(leg);
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
    private void startPjsip(Originate req, Consumer<Boolean> done, String device) {
        Origination leg = new Origination(req, done, pbx.dialled(req.channel(), null), pbx.device(req.channel()));
        Chan c = leg.one;
        pbx.newchannel(c);
        pbx.newexten(c, 1, "AppDial2", "(Outgoing Line)");
        originatorsCallerId(c, req);
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
        ring(leg);
    }

    /**
     * pbx_outgoing_attempt sets the Originate's CallerID as the first channel's caller, then as its connected line,
     * each its own event; false when the Originate had none.
     */
    private boolean originatorsCallerId(Chan c, Originate req) {
        if (req.cidNum() == null && req.cidName() == null) {
            return false;
        }
        String num = req.cidNum() == null ? "<unknown>" : req.cidNum();
        String name = req.cidName() == null ? "<unknown>" : req.cidName();
        c.callerId(num, name);
        pbx.newCallerid(c);
        c.connected(num, name);
        pbx.newConnectedLine(c);
        return true;
    }

    /** Rings the first leg's phone for the Originate's Timeout. */
    private void ring(Origination leg) {
        leg.timer = leg.device.ringFor(leg.req.timeoutMs(), () -> {
            leg.timer = -1;
            answered(leg);
        }, () -> {
            leg.timer = -1;
            unanswered(leg);
        });
    }

    private void answered(Origination leg) {
        Originate req = leg.req;
        leg.ringEnds();
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
        boolean context = req.context() != null;
        boolean outbound = false;
        long talkMs = pbx.talkMs(null);
        if (context) {
            leg.one.context = req.context();
            leg.one.exten = req.exten() == null ? "s" : req.exten();
            outbound = OutboundDial.dialsOut(leg.one.exten);
            if (outbound) {
                leg.dial = new OutboundDial(pbx, leg.one, req.timeoutMs(), () -> end(leg));
                leg.dial.enter();
            } else {
                pbx.newexten(leg.one, 1, "Answer", "");
                pbx.newexten(leg.one, 2, "Wait", BigDecimal.valueOf(talkMs, 3).stripTrailingZeros().toPlainString());
            }
        }
        pbx.emit(req.response("Success", leg.one.name, REASON_ANSWERED, leg.one.uniqueid, leg.one.cidNum,
            leg.one.cidName));
        pbx.queues.deviceChanged(leg.device);
        leg.done.accept(true);
        if (leg.local()) {
            pbx.newexten(leg.two, 2, "Wait", LAB_AGENT_WAIT);
        }
        if (outbound) {
            leg.dial.start(req.variables());
        } else {
            leg.timer = pbx.vertx.setTimer(talkMs, t -> {
                leg.timer = -1;
                if (context) {
                    pbx.newexten(leg.one, 3, "Hangup", "");
                }
                end(leg);
            });
        }
    }

    /**
     * Rang until the Timeout: ast_dial hangs the phone's channel up with cause 19 and reports no DialEnd; Reason is
     * 3. chan_pjsip cancels the INVITE with the SIP code for that cause, 480, which becomes the Hangup's TechCause.
     */
    private void unanswered(Origination leg) {
        leg.ringEnds();
        forget(leg);
        if (leg.local()) {
            pbx.hangup(leg.one, 19);
            pbx.hangup(leg.two, 19);
        } else {
            pbx.hangup(leg.one, 19, 480);
            pbx.queues.deviceChanged(leg.device);
        }
        pbx.emit(leg.req.failure(REASON_RINGING));
        leg.done.accept(false);
    }

    /**
     * The ringing first leg was hung up over AMI: taken as the phone rejecting it (busy), as queue rings are. A PJSIP
     * phone's 486 ends its session; chan_pjsip queues the hangup with cause 17 and TechCause 486, and main/dial.c,
     * reading it, reports BUSY before hanging the channel up.
     */
    private void rejected(Origination leg) {
        if (leg.timer >= 0) {
            pbx.vertx.cancelTimer(leg.timer);
        }
        leg.ringEnds();
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
        pbx.emit(leg.req.failure(REASON_BUSY));
        leg.done.accept(false);
    }

    /** Talk over, or hung up over AMI once the first leg is up: everything still there goes, the first leg last. */
    private void end(Origination leg) {
        if (!forget(leg)) {
            return;
        }
        if (leg.timer >= 0) {
            pbx.vertx.cancelTimer(leg.timer);
        }
        if (leg.dial != null) {
            leg.dial.agentLeaves();
        }
        // As the capture ends Local/1001@agents: ";1" asks ";2" to go, is gone, and then ";2" goes.
        pbx.hangupRequest("SoftHangupRequest", leg.one, 16);
        if (leg.local()) {
            pbx.hangupRequest("HangupRequest", leg.two, 16);
        }
        pbx.hangup(leg.one, 16);
        if (leg.local()) {
            pbx.hangupRequest("SoftHangupRequest", leg.two, 16);
            pbx.hangup(leg.two, 16);
        }
        leg.device.busy--;
        pbx.queues.deviceChanged(leg.device);
        pbx.queues.dispatchAllSoon();
    }

    /** False when the call was already forgotten. */
    private boolean forget(Origination leg) {
        boolean known = live.remove(leg.one.name) != null;
        live.remove(leg.two.name);
        return known;
    }

    /** AMI Hangup of any channel of an originated call. */
    boolean hangup(String channel) {
        Origination leg = live.get(channel);
        if (leg != null) {
            if (leg.up) {
                end(leg);
            } else {
                rejected(leg);
            }
            return true;
        }
        for (Origination o : List.copyOf(live.values())) {
            if (o.dial != null && o.dial.isCustomer(channel)) {
                if (!o.dial.rejectedByCustomer()) {
                    end(o);
                }
                return true;
            }
        }
        return false;
    }
}

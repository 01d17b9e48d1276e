package org.calldesk.sim;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Click-to-call's second leg: the agent's channel, once answered, runs calldesk-outbound of
 * telephony/asterisk/extensions.conf (NoOp, Set(CALLERID(all)=${CALLDESK_HOTLINE_CID}), Dial(PJSIP/${EXTEN}@trunk),
 * Hangup).
 *
 * <p>Derived from Asterisk 22.10's source, not captured (the lab had no carrier). chan_pjsip makes one channel named
 * after the endpoint, {@code PJSIP/trunk-0000000N}, Down in the endpoint's context at exten s. app_dial
 * (dial_exec_full) then sets it up in one snapshot: AppDial and the dialling channel's exten, hence a Newexten for
 * dialplan readers; as caller, since the trunk has no callerid= of its own, the dialled exten with the connected name
 * of the agent's channel; as connected line, the agent channel's caller ID, by then the hotline's, which is what the
 * customer is shown. DialBegin's DialString is the dial string less its technology. The carrier's 180 and 200 are the
 * phone's Ringing and answer, as for an agent's PJSIP phone. The simulator has no dialplan to read Dial's own timeout
 * from, so the customer rings as long as the Originate let the agent's phone ring.
 */
final class OutboundDial {
    /** What [globals] of the shipped extensions.conf sets when the Originate brings no CALLDESK_HOTLINE_CID. */
    static final String SHIPPED_HOTLINE_CID = "\"Hotline\" <+864000000000>";
    private static final String ENDPOINT = "trunk";
    /** What calldesk-outbound sends out: _X. and _+X. */
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{2,}");

    private final Pbx pbx;
    private final Chan agent;
    private final SimDevice customer;
    private final long timeoutMs;
    /** The agent's channel is to go: after the Dial failed (the context's Hangup), or when the talk is over. */
    private final Runnable agentLegEnds;
    /** The customer's channel while it lives. */
    private Chan out;
    private boolean ringing;
    private boolean up;
    private String bridgeId;
    private long timer = -1;

    /** {@code agent} stands at the context's first step, its exten the customer's number. */
    OutboundDial(Pbx pbx, Chan agent, long timeoutMs, Runnable agentLegEnds) {
        this.pbx = pbx;
        this.agent = agent;
        this.customer = pbx.device(iface(agent.exten));
        this.timeoutMs = timeoutMs;
        this.agentLegEnds = agentLegEnds;
    }

    /** Whether calldesk-outbound has this extension, so that an agent's channel sent there dials it out. */
    static boolean dialsOut(String exten) {
        return NUMBER.matcher(exten).matches();
    }

    /** The customer's phone, as the simulator keys it: by what Dial() was given. */
    static String iface(String number) {
        return "PJSIP/" + number + "@" + ENDPOINT;
    }

    /** The context's first step, which the answered channel runs before the Originate is reported. */
    void enter() {
        pbx.newexten(agent, 1, "NoOp", "calldesk click-to-call to " + agent.exten);
    }

    /** The rest of the context; {@code variables} are the Originate's, one of which may hide the global hotline CID. */
    void start(String variables) {
        String hotlineCid = AmiActions.variable(variables, "CALLDESK_HOTLINE_CID", SHIPPED_HOTLINE_CID);
        pbx.newexten(agent, 2, "Set", "CALLERID(all)=" + hotlineCid);
        String[] cid = AmiActions.callerId(hotlineCid);
        String num = cid[0] == null ? "<unknown>" : cid[0];
        String name = cid[1] == null ? "<unknown>" : cid[1];
        if (!num.equals(agent.cidNum) || !name.equals(agent.cidName)) {
            agent.callerId(num, name);
            pbx.newCallerid(agent);
        }
        String dialString = agent.exten + "@" + ENDPOINT;
        pbx.newexten(agent, 3, "Dial", "PJSIP/" + dialString + "," + Math.max(1, timeoutMs / 1000));
        out = pbx.dialled(iface(agent.exten), agent.linkedid)[0];
        pbx.newchannel(out);
        pbx.step(out, out.context, agent.exten, 1, "AppDial", "(Outgoing Line)");
        out.callerId(agent.exten, agent.connName);
        out.connected(agent.cidNum, agent.cidName);
        pbx.newCallerid(out);
        pbx.newConnectedLine(out);
        pbx.dialBegin(agent, out, dialString);
        if (!customer.available()) {
            busy();
            return;
        }
        customer.ringing++;
        ringing = true;
        pbx.newstate(out, Chan.RINGING);
        pbx.dialState(agent, out, "RINGING");
        timer = customer.ringFor(timeoutMs, () -> {
            timer = -1;
            answered();
        }, () -> {
            timer = -1;
            noAnswer();
        });
    }

    boolean isCustomer(String channel) {
        return out != null && out.name.equals(channel);
    }

    /** The customer's channel was hung up over AMI: while it rings, taken as the customer rejecting the call. */
    boolean rejectedByCustomer() {
        if (up) {
            return false;
        }
        busy();
        return true;
    }

    private void answered() {
        stopRinging();
        customer.busy++;
        up = true;
        pbx.newstate(out, Chan.UP);
        pbx.dialEnd(agent, out, "ANSWER");
        bridgeId = UUID.randomUUID().toString();
        agent.bridgeId = bridgeId;
        out.bridgeId = bridgeId;
        pbx.emit(pbx.bridge("BridgeCreate", bridgeId, 0));
        pbx.emit(pbx.bridge("BridgeEnter", bridgeId, 1).chan(out));
        pbx.emit(pbx.bridge("BridgeEnter", bridgeId, 2).chan(agent));
        timer = pbx.vertx.setTimer(pbx.talkMs(null), t -> {
            timer = -1;
            agentLegEnds.run();
        });
    }

    /** The carrier's 486: chan_pjsip queues the hangup with cause 17, which app_dial reads and reports as BUSY. */
    private void busy() {
        stopRinging();
        pbx.hangupRequest("HangupRequest", out, 17, 486);
        pbx.dialEnd(agent, out, "BUSY");
        pbx.hangup(out, 17, 486);
        dialFailed();
    }

    /**
     * Dial's timeout: app_dial reports NOANSWER and hangs the channel up without setting a cause (hanguptree with -1),
     * so Hangup says 0, and chan_pjsip, having no SIP code for 0, adds no TechCause.
     */
    private void noAnswer() {
        stopRinging();
        pbx.dialEnd(agent, out, "NOANSWER");
        pbx.hangup(out, 0);
        dialFailed();
    }

    private void dialFailed() {
        out = null;
        pbx.newexten(agent, 4, "Hangup", "");
        agentLegEnds.run();
    }

    /** The agent's channel is going (talk over, or hung up over AMI): the customer's goes with it. */
    void agentLeaves() {
        if (timer >= 0) {
            pbx.vertx.cancelTimer(timer);
            timer = -1;
        }
        if (out == null) {
            return;
        }
        if (up) {
            pbx.emit(pbx.bridge("BridgeLeave", bridgeId, 1).chan(agent));
            pbx.emit(pbx.bridge("BridgeLeave", bridgeId, 0).chan(out));
            pbx.emit(pbx.bridge("BridgeDestroy", bridgeId, 0));
            pbx.hangupRequest("HangupRequest", out, 16);
            customer.busy--;
            up = false;
        } else if (ringing) {
            stopRinging();
            pbx.dialEnd(agent, out, "CANCEL");
        }
        pbx.hangup(out, 16);
        out = null;
    }

    private void stopRinging() {
        if (timer >= 0) {
            pbx.vertx.cancelTimer(timer);
            timer = -1;
        }
        if (ringing) {
            ringing = false;
            customer.ringing--;
        }
    }
}

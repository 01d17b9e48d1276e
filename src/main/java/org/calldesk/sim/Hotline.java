package org.calldesk.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;

/**
 * The hotline dialplan of telephony/asterisk/extensions.conf, step numbers included: from-trunk, calldesk-hotline
 * (answer, menu), calldesk-route (AGI route, the account manager's Dial, Queue), calldesk-status and
 * calldesk-callback (their script, then hang up). Callers are the other half of a Local/s@inbound pair whose
 * ";1" runs the hotline, as the calldesk session's lab made them.
 */
final class Hotline {
    private static final String CALLERS = "Local/s@inbound";
    private static final String ROUTE = "calldesk-route";

    private final Pbx pbx;

    Hotline(Pbx pbx) {
        this.pbx = pbx;
    }

    Future<String> placeCall(String from, String ivr) {
        Promise<String> linked = Promise.promise();
        pbx.onContext(() -> linked.complete(startCall(from, "<unknown>", ivr, null)));
        return linked.future();
    }

    /**
     * A lab's way in: AMI Originate of Local/s@inbound. Into a context (from-trunk) it is the calldesk session's lab;
     * with an Application it is the first captures' lab, whose own dialplan ran on ";2" (see {@link Call#firstLab}).
     */
    String originate(Originate req, String ivr) {
        String num = req.cidNum() == null ? "<unknown>" : req.cidNum();
        String name = req.cidName() == null ? "<unknown>" : req.cidName();
        return startCall(num, name, ivr, req);
    }

    private String startCall(String from, String name, String ivr, Originate origin) {
        boolean firstLab = origin != null && origin.application() != null;
        Chan[] pair = pbx.localPair(CALLERS, null);
        Chan leg = firstLab ? pair[1] : pair[0];
        Chan peer = firstLab ? pair[0] : pair[1];
        Call call = new Call(pair[0].uniqueid, from, ivr, leg, peer, firstLab);
        call.origin = origin;
        pbx.calls.put(call.linkedid, call);
        pbx.callByChannel.put(leg.name, call);
        pbx.callByChannel.put(peer.name, call);
        pbx.placed.incrementAndGet();
        pbx.announcePair(pair[0], pair[1], from, name, true);
        pair[0].application = "AppDial2";
        pair[0].appData = "(Outgoing Line)";
        pbx.dialBegin(null, pair[0], "s@inbound");
        String script = switch (ivr == null ? "" : ivr) {
            case "status" -> "complaint-status";
            case "callback" -> "callback";
            default -> "route";
        };
        if (firstLab) {
            pbx.newexten(leg, 1, "NoOp", "Inbound call from <" + from + ">");
            pbx.newexten(leg, 2, "Set", "QUEUE_PRIO=0");
            call.vars.put("QUEUE_PRIO", "0");
            runAgi(call, script, 3);
            return call.linkedid;
        }
        // The caller's phone is up at once, so the hotline's Answer() finds the line up.
        pbx.newstate(peer, Chan.UP);
        pbx.newstate(leg, Chan.UP);
        pbx.dialEnd(null, leg, "ANSWER");
        if (origin != null) {
            pbx.emit(origin.response("Success", leg.name, 4, leg.uniqueid, leg.cidNum, leg.cidName));
            call.origin = null;
        }
        peer.application = "Wait";
        peer.appData = "3600";
        menu(call, script);
        return call.linkedid;
    }

    /** from-trunk and calldesk-hotline up to the key the caller presses, then the script's own context. */
    private void menu(Call call, String script) {
        Chan c = call.leg;
        String hotline = "calldesk-hotline";
        pbx.step(c, "from-trunk", "s", 1, "Goto", hotline + ",s,1");
        pbx.step(c, hotline, "s", 1, "NoOp", "calldesk hotline: call from " + call.from);
        pbx.step(c, hotline, "s", 2, "Set", "QUEUE_PRIO=0");
        call.vars.put("QUEUE_PRIO", "0");
        pbx.step(c, hotline, "s", 3, "Set", "CALLDESK_TRIES=0");
        pbx.step(c, hotline, "s", 4, "Set", "CALLDESK_QUEUE_TRIED=");
        pbx.step(c, hotline, "s", 5, "Answer", "");
        pbx.step(c, hotline, "s", 6, "GotoIfTime", "09:00-18:00,mon-fri,*,*,Asia/Shanghai?open");
        pbx.step(c, hotline, "s", 8, "Background", "calldesk/welcome");
        pbx.step(c, hotline, "s", 9, "Set", "CALLDESK_TRIES=1");
        pbx.step(c, hotline, "s", 10, "Background", "calldesk/menu");
        pbx.step(c, hotline, "s", 11, "WaitExten", "6");
        switch (script) {
            case "complaint-status" -> {
                pbx.step(c, hotline, "3", 1, "Goto", "calldesk-status,s,1");
                setEmpty(c, "calldesk-status", "CALLDESK_OPEN_COMPLAINTS", "CALLDESK_COMPLAINT_STATUS", "CALLDESK_COMPLAINT_DUE");
            }
            case "callback" -> {
                pbx.step(c, hotline, "4", 1, "Goto", "calldesk-callback,s,1");
                pbx.step(c, "calldesk-callback", "s", 1, "Set", "CALLDESK_CALLBACK=");
                pbx.step(c, "calldesk-callback", "s", 2, "GotoIf", "0?failed");
                pbx.step(c, "calldesk-callback", "s", 3, "GotoIf", "0?failed");
            }
            default -> {
                String key = "complaint".equals(call.ivr) ? "2" : "1";
                pbx.step(c, hotline, key, 1, "Set", "CALLDESK_CHOICE=" + call.ivr);
                pbx.step(c, hotline, key, 2, "Goto", ROUTE + ",s,1");
                setEmpty(c, ROUTE, "CALLDESK_QUEUE", "CALLDESK_AGENT", "CALLDESK_GREETING");
            }
        }
        runAgi(call, script, 4);
    }

    private void setEmpty(Chan c, String context, String... names) {
        for (int i = 0; i < names.length; i++) {
            pbx.step(c, context, "s", i + 1, "Set", names[i] + "=");
        }
    }

    private void runAgi(Call call, String script, int priority) {
        List<String> args = script.equals("route") ? List.of(call.ivr == null ? "" : call.ivr) : List.of();
        pbx.newexten(call.leg, priority, "AGI", "agi://" + pbx.settings.agiServers().get(0) + "/"
            + script + (args.isEmpty() ? "" : "," + String.join(",", args)));
        pbx.agi.run(call, script, args).onComplete(ar -> afterAgi(call, script, ar.succeeded() ? ar.result() : null));
    }

    private void afterAgi(Call call, String script, AgiClient.Result result) {
        if (call.phase == Call.Phase.DONE) {
            return;
        }
        boolean ok = result != null && !result.failed();
        if (ok) {
            call.vars.putAll(result.vars());
        }
        call.vars.put("AGISTATUS", ok ? "SUCCESS" : "FAILURE");
        if (result != null && result.hungUp()) {
            pbx.hangups.endBeforeQueue(call, 16);
            return;
        }
        if (!script.equals("route")) {
            if (call.firstLab) {
                pbx.newexten(call.leg, 4, "Hangup", "");
            } else if (script.equals("callback")) {
                pbx.step(call.leg, "calldesk-callback", "s", 13, "Hangup", "");
            } else {
                pbx.step(call.leg, "calldesk-status", "t", 2, "Hangup", "");
            }
            pbx.hangups.endBeforeQueue(call, 0);
            return;
        }
        String agent = call.vars.getOrDefault("CALLDESK_AGENT", "").trim();
        if (!call.firstLab) {
            pbx.newexten(call.leg, 5, "Verbose", "1,calldesk route " + call.ivr);
            pbx.newexten(call.leg, 6, "GotoIf", "0?failopen");
            if ("vip".equals(call.vars.get("CALLDESK_GREETING"))) {
                pbx.newexten(call.leg, 10, "Playback", "calldesk/greeting-key-customer");
            }
            pbx.newexten(call.leg, 11, "GotoIf", (agent.isEmpty() ? "1" : "0") + "?queue");
        }
        if (!agent.isEmpty()) {
            pbx.newexten(call.leg, call.firstLab ? 4 : 12, "Dial", agent + "," + pbx.settings.agentDialMs() / 1000);
            call.phase = Call.Phase.DIAL_AGENT;
            dialAgent(call, agent);
        } else {
            toQueue(call);
        }
    }

    private void toQueue(Call call) {
        // Without a routing answer the dialplan's defaults apply: queue service, priority 0.
        String queue = call.vars.getOrDefault("CALLDESK_QUEUE", "");
        queue = queue.isBlank() ? "service" : queue.trim();
        int prio;
        try {
            prio = Integer.parseInt(call.vars.getOrDefault("QUEUE_PRIO", "0").trim());
        } catch (NumberFormatException e) {
            prio = 0;
        }
        if (call.firstLab) {
            pbx.newexten(call.leg, 5, "Queue", queue + ",r,,,");
        } else {
            pbx.newexten(call.leg, 14, "Set", "CALLDESK_QUEUE_TRIED=1");
            pbx.newexten(call.leg, 15, "Set", "QUEUESTATUS=");
            pbx.newexten(call.leg, 16, "Queue", queue + ",t,,,3600");
        }
        pbx.queues.join(call, queue, prio);
    }

    /** Dial(${CALLDESK_AGENT},15): app_dial names the interface without its technology in DialString. */
    private void dialAgent(Call call, String iface) {
        int slash = iface.indexOf('/');
        Ring ring = pbx.rings.start(call, null, null, pbx.device(iface), slash < 0 ? iface : iface.substring(slash + 1));
        ringBack(call);
        call.attemptTimer = pbx.vertx.setTimer(pbx.settings.agentDialMs(), t -> {
            call.attemptTimer = -1;
            agentMissed(call, ring, "NOANSWER", 0);
        });
    }

    /** The first lab's caller was never answered: its Queue(...,r) and Dial() rang back to the originate instead. */
    void ringBack(Call call) {
        if (call.firstLab && call.peer.state != Chan.RINGING) {
            pbx.newstate(call.peer, Chan.RINGING);
            pbx.dialState(null, call.peer, "RINGING");
        }
    }

    /** Dial() to the account manager ended unanswered (timeout or rejected): on to the queue. */
    void agentMissed(Call call, Ring ring, String status, int cause) {
        if (call.phase != Call.Phase.DIAL_AGENT || !ring.active) {
            return;
        }
        if (call.attemptTimer >= 0) {
            pbx.vertx.cancelTimer(call.attemptTimer);
            call.attemptTimer = -1;
        }
        pbx.rings.drop(ring, status, cause);
        call.rings.remove(ring);
        toQueue(call);
    }
}

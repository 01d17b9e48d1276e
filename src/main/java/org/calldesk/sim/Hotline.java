package org.calldesk.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;

/**
 * The hotline dialplan of telephony/asterisk: NoOp, Set(QUEUE_PRIO=0), AGI(route), Dial(${CALLDESK_AGENT},15),
 * Queue(${CALLDESK_QUEUE}); menu choices status and callback run their own script and hang up.
 */
final class Hotline {
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
     * The capture harness's way in: AMI Originate of Local/s@inbound runs the hotline, and the originate
     * is reported when the caller is bridged (Success) or gone unanswered (Failure).
     */
    String originate(Originator.Request req, String ivr) {
        String num = req.cidNum() == null ? "<unknown>" : req.cidNum();
        String name = req.cidName() == null ? "<unknown>" : req.cidName();
        return startCall(num, name, ivr, req);
    }

    private String startCall(String from, String name, String ivr, Originator.Request origin) {
        Chan[] pair = pbx.localPair("Local/s@inbound", null);
        Chan one = pair[0];
        Chan two = pair[1];
        for (Chan c : pair) {
            c.callerId(from, name);
            c.connected(from, name);
        }
        one.application = "AppDial2";
        one.appData = "(Outgoing Line)";
        Call call = new Call(one.uniqueid, from, ivr, one, two);
        call.origin = origin;
        pbx.calls.put(call.linkedid, call);
        pbx.callByChannel.put(one.name, call);
        pbx.callByChannel.put(two.name, call);
        pbx.placed.incrementAndGet();
        pbx.newchannel(one);
        pbx.newchannel(two);
        pbx.dialBegin(null, one, "s@inbound");
        pbx.newexten(two, 1, "NoOp", "Inbound call from <" + from + ">");
        pbx.newexten(two, 2, "Set", "QUEUE_PRIO=0");
        call.vars.put("QUEUE_PRIO", "0");
        String script = switch (ivr == null ? "" : ivr) {
            case "status" -> "complaint-status";
            case "callback" -> "callback";
            default -> "route";
        };
        List<String> args = script.equals("route") ? List.of(ivr == null ? "" : ivr) : List.of();
        pbx.newexten(two, 3, "AGI", "agi://" + pbx.settings.agiHost() + ":" + pbx.settings.agiPort() + "/" + script
            + (args.isEmpty() ? "" : "," + String.join(",", args)));
        pbx.agi.run(call, script, args).onComplete(ar -> afterAgi(call, script, ar.succeeded() ? ar.result() : null));
        return call.linkedid;
    }

    private void afterAgi(Call call, String script, AgiClient.Result result) {
        if (call.phase == Call.Phase.DONE) {
            return;
        }
        if (result == null || result.failed()) {
            call.vars.put("AGISTATUS", "FAILURE");
        } else {
            call.vars.putAll(result.vars());
            call.vars.put("AGISTATUS", "SUCCESS");
        }
        if (result != null && result.hungUp()) {
            pbx.endBeforeQueue(call, 16);
            return;
        }
        if (!script.equals("route")) {
            pbx.newexten(call.two, 4, "Hangup", "");
            pbx.endBeforeQueue(call, 16);
            return;
        }
        String agent = call.vars.getOrDefault("CALLDESK_AGENT", "");
        if (!agent.isBlank()) {
            pbx.newexten(call.two, 4, "Dial", agent + "," + pbx.settings.agentDialMs() / 1000);
            call.phase = Call.Phase.DIAL_AGENT;
            dialAgent(call, agent.trim());
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
        pbx.newexten(call.two, 5, "Queue", queue + ",r,,,");
        pbx.queues.join(call, queue, prio);
    }

    private void dialAgent(Call call, String iface) {
        SimDevice dev = pbx.device(iface);
        Chan[] legs = pbx.localPair(iface, call.linkedid);
        Ring ring = new Ring(call, null, null, dev, legs[0], legs[1], pbx.now());
        for (Chan c : legs) {
            c.callerId(call.from, "<unknown>");
        }
        call.rings.add(ring);
        dev.ringing++;
        pbx.newchannel(ring.one);
        pbx.newchannel(ring.two);
        pbx.dialBegin(call.two, ring.one, iface);
        ring.one.connected(call.from, "<unknown>");
        ring.one.exten = "s";
        if (call.one.state != Chan.RINGING) {
            pbx.newstate(call.one, Chan.RINGING);
        }
        pbx.scheduleAnswer(ring);
        call.attemptTimer = pbx.vertx.setTimer(pbx.settings.agentDialMs(), t -> {
            call.attemptTimer = -1;
            agentMissed(call, ring, "NOANSWER", 0);
        });
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
        pbx.dropRing(ring, status, cause, false);
        call.rings.remove(ring);
        toQueue(call);
    }
}

package org.calldesk.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** AMI Originate: ring a phone, and when it answers run the target (click-to-call), reporting OriginateResponse. */
final class Originator {
    private final Pbx pbx;
    private final Map<String, Leg> live = new HashMap<>();

    private final class Leg {
        Chan one;
        Chan two;
        SimDevice device;
        boolean up;
        long timer = -1;
    }

    /** What the client asked for; target is either context/exten or application/data. */
    record Request(String actionId, String channel, String context, String exten, String application, String data,
                   String cidNum, String cidName, long timeoutMs) {}

    Originator(Pbx pbx) {
        this.pbx = pbx;
    }

    /** Starts the originate; done(true/false) is told once the phone answered or gave up. */
    void originate(Request req, Consumer<Boolean> done) {
        Chan[] pair = pbx.localPair(req.channel(), null);
        Leg leg = new Leg();
        leg.one = pair[0];
        leg.two = pair[1];
        leg.device = pbx.device(req.channel());
        for (Chan c : pair) {
            if (req.cidNum() != null) {
                c.callerId(req.cidNum(), req.cidName() == null ? "<unknown>" : req.cidName());
            }
        }
        leg.one.application = "AppDial2";
        leg.one.appData = "(Outgoing Line)";
        live.put(leg.one.name, leg);
        live.put(leg.two.name, leg);
        pbx.newchannel(leg.one);
        pbx.newchannel(leg.two);
        pbx.newexten(leg.one, 1, "AppDial2", "(Outgoing Line)");
        pbx.dialBegin(null, leg.one, req.channel().startsWith("Local/") ? req.channel().substring(6) : req.channel());
        leg.device.ringing++;
        if (leg.device.autoAnswer) {
            leg.timer = pbx.vertx.setTimer(Math.max(1, pbx.settings.answerAfterMs()), t -> answered(req, leg, done));
        } else {
            leg.timer = pbx.vertx.setTimer(Math.max(1, req.timeoutMs()), t -> failed(req, leg, done));
        }
    }

    private void answered(Originator.Request req, Leg leg, Consumer<Boolean> done) {
        leg.device.ringing--;
        leg.device.busy++;
        leg.up = true;
        pbx.newexten(leg.two, 1, "Answer", "");
        pbx.newstate(leg.two, Chan.UP);
        pbx.newstate(leg.one, Chan.UP);
        pbx.dialEnd(null, leg.one, "ANSWER");
        if (req.context() != null) {
            leg.one.context = req.context();
            leg.one.exten = req.exten() == null ? "s" : req.exten();
            pbx.newexten(leg.one, 1, "Answer", "");
        }
        pbx.emit(response(req, "Success", leg.one.name, 4, leg.one.uniqueid, leg.one.cidNum, leg.one.cidName));
        pbx.queues.deviceChanged(leg.device);
        done.accept(true);
        leg.timer = pbx.vertx.setTimer(pbx.talkMs(null), t -> end(leg));
    }

    private void failed(Originator.Request req, Leg leg, Consumer<Boolean> done) {
        leg.device.ringing--;
        live.remove(leg.one.name);
        live.remove(leg.two.name);
        pbx.hangup(leg.two, 0);
        pbx.emit(response(req, "Failure", req.channel(), 0, "<unknown>",
            req.cidNum() == null ? "<unknown>" : req.cidNum(), req.cidName() == null ? "<unknown>" : req.cidName()));
        pbx.hangup(leg.one, 0);
        done.accept(false);
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

    private void end(Leg leg) {
        if (live.remove(leg.one.name) == null) {
            return;
        }
        live.remove(leg.two.name);
        if (leg.timer >= 0) {
            pbx.vertx.cancelTimer(leg.timer);
        }
        if (leg.up) {
            pbx.hangupRequest("SoftHangupRequest", leg.one, 16);
            pbx.hangupRequest("HangupRequest", leg.two, 16);
            pbx.hangup(leg.one, 16);
            pbx.hangup(leg.two, 16);
            leg.device.busy--;
            pbx.queues.deviceChanged(leg.device);
            pbx.queues.dispatchAllSoon();
        } else {
            leg.device.ringing--;
            pbx.hangup(leg.two, 0);
            pbx.hangup(leg.one, 0);
        }
    }

    boolean hangup(String channel) {
        Leg leg = live.get(channel);
        if (leg == null) {
            return false;
        }
        end(leg);
        return true;
    }
}

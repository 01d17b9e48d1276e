package org.calldesk.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A built-in PBX for running and testing calldesk without Asterisk: an AMI server, app_queue, a FastAGI
 * client and a call generator. The server reaches it only over TCP through Asterisk-Java.
 */
public final class SwitchSimulator {
    private final Vertx vertx;
    private final SimSettings settings;
    private final Context ctx;
    private final AmiServer ami;
    private final Pbx pbx;
    private final SplittableRandom trafficRnd;
    private final List<String> ivrChoices = new ArrayList<>();
    private final double[] ivrCumulative;
    private long trafficTimer = -1;
    private CallerSource callerSource;

    public SwitchSimulator(Vertx vertx, SimSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.ctx = vertx.getOrCreateContext();
        this.ami = new AmiServer(vertx, settings);
        this.pbx = new Pbx(vertx, ctx, settings, ami::broadcast, ami::anyoneWants);
        this.ami.actions(new AmiActions(pbx));
        this.trafficRnd = new SplittableRandom(settings.seed());
        double total = settings.ivrMix().values().stream().mapToDouble(Double::doubleValue).sum();
        ivrCumulative = new double[settings.ivrMix().size()];
        double acc = 0;
        int i = 0;
        for (Map.Entry<String, Double> e : settings.ivrMix().entrySet()) {
            ivrChoices.add(e.getKey());
            acc += total <= 0 ? 1.0 / ivrCumulative.length : e.getValue() / total;
            ivrCumulative[i++] = acc;
        }
    }

    private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> work) {
        Promise<T> p = Promise.promise();
        ctx.runOnContext(v -> work.get().onComplete(p));
        return p.future();
    }

    /** Starts the AMI listener on 127.0.0.1:telephony.sim.ami_port. */
    public Future<Void> start() {
        return startAmi();
    }

    public Future<Void> stop() {
        return onContext(() -> {
            cancelTraffic();
            return ami.close();
        });
    }

    /** Link loss: every AMI connection dropped and the port closed; calls go on inside. */
    public Future<Void> stopAmi() {
        return onContext(ami::close);
    }

    public Future<Void> startAmi() {
        return onContext(() -> ami.listen().mapEmpty());
    }

    /** The AMI port actually bound (useful when telephony.sim.ami_port is 0). */
    public int amiPort() {
        return ami.port();
    }

    /**
     * Another AMI user beside calldesk's own (which has the shipped manager.conf's rights): a lab harness, say, with
     * {@code read = all} and {@code write = all}. Classes as manager.conf writes them; add users before they log in.
     */
    void addAmiUser(String name, String secret, String read, String write) {
        ami.addUser(new AmiUser(name, secret, AmiUser.classes(read), AmiUser.classes(write)));
    }

    /** A caller dials the hotline; completes with the call's Linkedid once its channels exist. */
    public Future<String> placeCall(String fromNumber, String ivrChoice) {
        return pbx.hotline.placeCall(fromNumber, ivrChoice);
    }

    /** The caller hangs up (an abandon if still queued); false if no such live call. */
    public Future<Boolean> hangup(String linkedid) {
        return onContext(() -> Future.succeededFuture(pbx.callerHangsUp(linkedid)));
    }

    /** Overrides the talk time of one call (before or during the talk); the agent hangs up after it. */
    public Future<Void> talkTime(String linkedid, long talkMs) {
        return onContext(() -> {
            Call call = pbx.calls.get(linkedid);
            if (call != null) {
                call.talkMsOverride = talkMs;
            }
            return Future.succeededFuture();
        });
    }

    /** The simulated phone behind an interface; created on first use. Safe from any thread. */
    public SimDevice device(String iface) {
        return pbx.device(iface);
    }

    /** The phone of a customer whom click-to-call's context dials over the carrier trunk; created on first use. */
    public SimDevice customer(String number) {
        return pbx.device(OutboundDial.iface(number));
    }

    /** Poisson arrivals at demo.calls_per_minute, callers from the source, IVR choices from ivr_mix. */
    public void startTraffic(CallerSource source) {
        ctx.runOnContext(v -> {
            callerSource = source;
            cancelTraffic();
            scheduleArrival();
        });
    }

    public void stopTraffic() {
        ctx.runOnContext(v -> cancelTraffic());
    }

    private void cancelTraffic() {
        if (trafficTimer >= 0) {
            vertx.cancelTimer(trafficTimer);
            trafficTimer = -1;
        }
    }

    private void scheduleArrival() {
        double perMs = settings.callsPerMinute() / 60_000.0;
        if (perMs <= 0 || callerSource == null) {
            return;
        }
        long gap = Math.max(1, Math.round(-Math.log(1 - trafficRnd.nextDouble()) / perMs));
        trafficTimer = vertx.setTimer(gap, t -> {
            trafficTimer = -1;
            placeCall(nextCaller(trafficRnd), nextIvr(trafficRnd));
            scheduleArrival();
        });
    }

    String nextCaller(RandomGenerator rnd) {
        if (rnd.nextDouble() < settings.unknownCallerShare()) {
            // An unknown Chinese mobile: +86 1[3-9]x xxxx xxxx.
            return "+861" + (3 + rnd.nextInt(7)) + String.format("%09d", rnd.nextInt(1_000_000_000));
        }
        return callerSource.nextCaller(rnd);
    }

    String nextIvr(RandomGenerator rnd) {
        double u = rnd.nextDouble();
        for (int i = 0; i < ivrCumulative.length; i++) {
            if (u < ivrCumulative[i]) {
                return ivrChoices.get(i);
            }
        }
        return ivrChoices.isEmpty() ? "service" : ivrChoices.get(ivrChoices.size() - 1);
    }

    public long callsPlaced() {
        return pbx.placed.get();
    }

    public long callsCompleted() {
        return pbx.completed.get();
    }

    public long callsAbandoned() {
        return pbx.abandoned.get();
    }

    public long amiEventsWritten() {
        return ami.eventsWritten.get();
    }

    public SimSettings settings() {
        return settings;
    }
}

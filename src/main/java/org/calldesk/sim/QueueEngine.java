package org.calldesk.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** app_queue: callers wait by priority, members are rung by strategy, and the queue events follow. */
final class QueueEngine {
    private final Pbx pbx;
    final Map<String, SimQueue> queues = new LinkedHashMap<>();
    private long memberOrder;
    private boolean dispatchPending;

    QueueEngine(Pbx pbx) {
        this.pbx = pbx;
        long login = pbx.epochS();
        for (SimSettings.QueueSpec spec : pbx.settings.queues()) {
            SimQueue q = new SimQueue(spec);
            queues.put(spec.name(), q);
            for (SimSettings.MemberSpec m : spec.members()) {
                q.members.put(m.iface(), new Member(m.iface(), m.name(), m.iface(), false, pbx.device(m.iface()), login, memberOrder++));
            }
        }
    }

    SimQueue queue(String name) {
        return name == null ? null : queues.get(name);
    }

    // ---- callers ------------------------------------------------------------------------------

    void join(Call call, String queueName, int prio) {
        SimQueue q = queues.get(queueName);
        if (q == null || (q.spec.maxlen() > 0 && q.callers.size() >= q.spec.maxlen())) {
            pbx.newexten(call.two, 6, "Hangup", "");
            pbx.endBeforeQueue(call, 16);
            return;
        }
        call.queue = q;
        call.prio = prio;
        call.phase = Call.Phase.QUEUED;
        call.joinedMs = pbx.now();
        call.two.application = "Queue";
        call.two.appData = q.name() + ",r,,,";
        int position = q.insert(call);
        call.originalPosition = position;
        pbx.emit(Frame.event("QueueCallerJoin", "agent,all").chan(call.two)
            .f("Queue", q.name()).f("Position", position).f("Count", q.callers.size()));
        pbx.queueLog.enterQueue(call, position);
        if (call.one.state != Chan.RINGING) {
            pbx.newstate(call.one, Chan.RINGING);
        }
        double mean = pbx.settings.patienceSMean();
        if (mean > 0) {
            long patienceMs = Math.max(1, Math.round(-Math.log(1 - pbx.rnd.nextDouble()) * mean * 1000));
            call.patienceTimer = pbx.vertx.setTimer(patienceMs, t -> {
                call.patienceTimer = -1;
                if (call.phase == Call.Phase.QUEUED) {
                    abandon(call);
                }
            });
        }
        dispatch(q);
    }

    /** Caller gives up while waiting: QueueCallerAbandon, then the hang-up with Cause 0 as Asterisk reports it. */
    void abandon(Call call) {
        SimQueue q = call.queue;
        for (Ring r : new ArrayList<>(call.rings)) {
            if (r.active) {
                pbx.dropRing(r, "CANCEL", 0, true);
            }
        }
        call.rings.clear();
        cancelTimers(call);
        int position = q.position(call);
        long holdS = (pbx.now() - call.joinedMs) / 1000;
        q.callers.remove(call);
        q.abandoned++;
        pbx.abandoned.incrementAndGet();
        pbx.emit(Frame.event("QueueCallerAbandon", "agent,all").chan(call.two).f("Queue", q.name())
            .f("Position", position).f("OriginalPosition", call.originalPosition).f("HoldTime", holdS));
        pbx.queueLog.abandon(call, position, holdS);
        pbx.emit(Frame.event("QueueCallerLeave", "agent,all").chan(call.two).f("Queue", q.name())
            .f("Position", position).f("Count", q.callers.size()));
        pbx.hangupRequest("SoftHangupRequest", call.two, 16);
        pbx.hangupRequest("HangupRequest", call.one, 0);
        pbx.hangup(call.two, 0);
        pbx.dialEnd(null, call.one, "NOANSWER");
        pbx.originateFailed(call);
        pbx.hangup(call.one, 0);
        pbx.finish(call);
        dispatchAllSoon();
    }

    private void cancelTimers(Call call) {
        if (call.attemptTimer >= 0) {
            pbx.vertx.cancelTimer(call.attemptTimer);
            call.attemptTimer = -1;
        }
        if (call.patienceTimer >= 0) {
            pbx.vertx.cancelTimer(call.patienceTimer);
            call.patienceTimer = -1;
        }
    }

    boolean changePriority(SimQueue q, String channel, int prio, boolean immediate) {
        for (Call c : q.callers) {
            if (c.two.name.equals(channel)) {
                c.prio = prio;
                if (immediate) {
                    q.callers.remove(c);
                    q.insert(c);
                    dispatch(q);
                }
                return true;
            }
        }
        return false;
    }

    // ---- ringing ------------------------------------------------------------------------------

    void dispatchAllSoon() {
        if (!dispatchPending) {
            dispatchPending = true;
            pbx.vertx.runOnContext(v -> {
                dispatchPending = false;
                queues.values().forEach(this::dispatch);
            });
        }
    }

    void dispatch(SimQueue q) {
        long now = pbx.now();
        long nextWake = Long.MAX_VALUE;
        for (Call call : new ArrayList<>(q.callers)) {
            if (!call.rings.isEmpty()) {
                continue;
            }
            if (call.retryUntilMs > now) {
                nextWake = Math.min(nextWake, call.retryUntilMs);
                continue;
            }
            List<Member> free = new ArrayList<>();
            for (Member m : q.members.values()) {
                if (m.paused || m.ringingFor != null || !m.device.available()) {
                    continue;
                }
                if (m.wrapUntilMs > now) {
                    nextWake = Math.min(nextWake, m.wrapUntilMs);
                    continue;
                }
                free.add(m);
            }
            if (free.isEmpty()) {
                break;
            }
            if (q.spec.strategy().equals("leastrecent")) {
                free.sort(Comparator.comparingLong((Member m) -> m.lastCall).thenComparingLong(m -> m.order));
                free = free.subList(0, 1);
            }
            for (Member m : free) {
                ring(call, q, m);
            }
            long timeout = Math.max(1, q.spec.timeoutMs());
            call.attemptTimer = pbx.vertx.setTimer(timeout, t -> {
                call.attemptTimer = -1;
                ringTimeout(call);
            });
        }
        if (nextWake != Long.MAX_VALUE && (q.retryTimer < 0 || nextWake < q.retryAtMs)) {
            if (q.retryTimer >= 0) {
                pbx.vertx.cancelTimer(q.retryTimer);
            }
            q.retryAtMs = nextWake;
            q.retryTimer = pbx.vertx.setTimer(Math.max(1, nextWake - now), t -> {
                q.retryTimer = -1;
                dispatch(q);
            });
        }
    }

    private void ring(Call call, SimQueue q, Member m) {
        Chan[] legs = pbx.localPair(m.iface, call.linkedid);
        Ring r = new Ring(call, q, m, m.device, legs[0], legs[1], pbx.now());
        for (Chan c : legs) {
            c.callerId(call.from, call.two.cidName);
        }
        r.one.application = "AppQueue";
        r.one.appData = "(Outgoing Line)";
        call.rings.add(r);
        m.ringingFor = call;
        m.device.ringing++;
        pbx.newchannel(r.one);
        pbx.newchannel(r.two);
        // AgentCalled shows the leg as app_queue sees it (exten s, connected line set); DialBegin as dialled.
        String exten = r.one.exten;
        r.one.exten = "s";
        r.one.connected(call.from, call.two.cidName);
        pbx.emit(Frame.event("AgentCalled", "agent,all").chan(call.two).dest(r.one)
            .f("Queue", q.name()).f("Interface", m.iface).f("MemberName", m.name));
        r.one.exten = exten;
        r.one.connected("<unknown>", "<unknown>");
        pbx.dialBegin(call.two, r.one, m.iface);
        r.one.exten = "s";
        r.one.connected(call.from, call.two.cidName);
        r.two.connected(call.from, call.two.cidName);
        pbx.scheduleAnswer(r);
    }

    private void ringTimeout(Call call) {
        if (call.phase != Call.Phase.QUEUED) {
            return;
        }
        long now = pbx.now();
        for (Ring r : new ArrayList<>(call.rings)) {
            if (!r.active) {
                continue;
            }
            pbx.emit(Frame.event("AgentRingNoAnswer", "agent,all").chan(call.two).dest(r.one)
                .f("Queue", r.queue.name()).f("Interface", r.member.iface).f("MemberName", r.member.name)
                .f("RingTime", now - r.startedMs));
            pbx.queueLog.ringNoAnswer(call, r, now - r.startedMs);
            pbx.dropRing(r, "NOANSWER", 0, false);
        }
        call.rings.clear();
        call.retryUntilMs = now + call.queue.spec.retryMs();
        dispatchAllSoon();
    }

    // ---- connected calls ----------------------------------------------------------------------

    void connected(Call call, Ring r, long now) {
        SimQueue q = call.queue;
        cancelTimers(call);
        int position = q.position(call);
        q.callers.remove(call);
        r.member.inCall = true;
        pbx.emit(Frame.event("QueueCallerLeave", "agent,all").chan(call.two).f("Queue", q.name())
            .f("Position", position).f("Count", q.callers.size()));
        long holdS = (now - call.joinedMs) / 1000;
        pbx.emit(Frame.event("AgentConnect", "agent,all").chan(call.two).dest(r.one)
            .f("Queue", q.name()).f("Interface", r.member.iface).f("MemberName", r.member.name)
            .f("HoldTime", holdS).f("RingTime", (now - r.startedMs) / 1000));
        pbx.queueLog.connect(call, r, holdS, (now - r.startedMs) / 1000);
        q.holdTotalS += holdS;
        if (holdS <= q.spec.serviceLevelS()) {
            q.completedInSl++;
        }
        dispatchAllSoon();
    }

    void complete(Call call, Ring r, String reason) {
        SimQueue q = call.queue;
        long talkS = (pbx.now() - call.connectedMs) / 1000;
        long holdS = (call.connectedMs - call.joinedMs) / 1000;
        q.completed++;
        q.talkTotalS += talkS;
        Frame f = Frame.event("AgentComplete", "agent,all");
        // When the caller hung up first, app_queue has already lost the caller's channel snapshot (README trap).
        if (pbx.channels.containsKey(call.two.name)) {
            f.chan(call.two);
        }
        pbx.emit(f.dest(r.one)
            .f("Queue", q.name()).f("Interface", r.member.iface).f("MemberName", r.member.name)
            .f("HoldTime", holdS).f("TalkTime", talkS).f("Reason", reason));
        pbx.queueLog.complete(call, r, holdS, talkS, reason);
    }

    /** The member's call ended: count it and start its wrap-up. */
    void released(Ring r, long now) {
        r.member.inCall = false;
        r.member.callsTaken++;
        r.member.lastCall = now / 1000;
        r.member.wrapUntilMs = now + r.queue.spec.wrapupMs();
        // leastrecent ranks by the last call across the member's queues, as shared members do in app_queue.
        for (SimQueue q : queues.values()) {
            Member other = q.members.get(r.member.iface);
            if (other != null && other != r.member) {
                other.lastCall = r.member.lastCall;
            }
        }
    }

    /** Device state moved to in use or free: QueueMemberStatus in every queue the phone is in. */
    void deviceChanged(SimDevice dev) {
        for (SimQueue q : queues.values()) {
            Member m = q.members.get(dev.iface);
            if (m != null) {
                pbx.emit(m.appendTo(Frame.event("QueueMemberStatus", "agent,all"), q.name()));
            }
        }
    }

    // ---- members ------------------------------------------------------------------------------

    Member add(SimQueue q, String iface, String name, String stateIface, int penalty, boolean paused, String reason) {
        Member m = new Member(iface, name == null || name.isEmpty() ? iface : name,
            stateIface == null || stateIface.isEmpty() ? iface : stateIface, true, pbx.device(iface), pbx.epochS(), memberOrder++);
        m.penalty = penalty;
        m.paused = paused;
        if (paused) {
            m.lastPause = pbx.epochS();
            m.pausedReason = reason == null ? "" : reason;
        }
        q.members.put(iface, m);
        pbx.emit(m.appendTo(Frame.event("QueueMemberAdded", "agent,all"), q.name()));
        dispatchAllSoon();
        return m;
    }

    void remove(SimQueue q, Member m) {
        q.members.remove(m.iface);
        pbx.emit(m.appendTo(Frame.event("QueueMemberRemoved", "agent,all"), q.name()));
    }

    void pause(SimQueue q, Member m, boolean paused, String reason) {
        m.paused = paused;
        if (paused) {
            m.lastPause = pbx.epochS();
        }
        if (reason != null) {
            m.pausedReason = reason;
        }
        pbx.emit(m.appendTo(Frame.event("QueueMemberPause", "agent,all"), q.name()));
        if (!paused) {
            // Asterisk rings an unpaused member only on its next pass, 0.5-1 s later.
            pbx.vertx.setTimer(500, t -> dispatch(q));
        }
    }
}

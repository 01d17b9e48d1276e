package org.calldesk.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** app_queue: callers wait by priority, members are rung by strategy and queue weight, and the queue events follow. */
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
            pbx.hangups.endBeforeQueue(call, 16);
            return;
        }
        call.queue = q;
        call.prio = prio;
        call.phase = Call.Phase.QUEUED;
        call.joinedMs = pbx.now();
        int position = q.insert(call);
        call.originalPosition = position;
        pbx.emit(Frame.event("QueueCallerJoin", "agent,all").chan(call.leg)
            .f("Queue", q.name()).f("Position", position).f("Count", q.callers.size()));
        pbx.queueLog.enterQueue(call, position);
        pbx.hotline.ringBack(call);
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
                pbx.rings.dropQuietly(r);
            }
        }
        call.rings.clear();
        cancelTimers(call);
        call.phase = Call.Phase.DONE;
        int position = q.position(call);
        long holdS = (pbx.now() - call.joinedMs) / 1000;
        q.callers.remove(call);
        q.abandoned++;
        pbx.abandoned.incrementAndGet();
        pbx.emit(Frame.event("QueueCallerAbandon", "agent,all").chan(call.leg).f("Queue", q.name())
            .f("Position", position).f("OriginalPosition", call.originalPosition).f("HoldTime", holdS));
        pbx.queueLog.abandon(call, position, holdS);
        pbx.emit(Frame.event("QueueCallerLeave", "agent,all").chan(call.leg).f("Queue", q.name())
            .f("Position", position).f("Count", q.callers.size()));
        pbx.hangups.endCallerPair(call, 0);
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
            if (c.leg.name.equals(channel)) {
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
                if (m.paused || m.ringingFor != null || !m.device.available() || heavierQueueWaits(q, m, now)) {
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
                pbx.rings.start(call, q, m, m.device, m.iface);
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

    /**
     * app_queue's compare_weight: a member of a heavier queue whose callers are at least as many as its available
     * members is kept for that queue. Priority is compared within one queue only; weight is what orders queues.
     */
    private boolean heavierQueueWaits(SimQueue q, Member m, long now) {
        for (SimQueue other : queues.values()) {
            if (other != q && other.spec.weight() > q.spec.weight() && !other.callers.isEmpty()
                && other.members.containsKey(m.iface) && other.callers.size() >= availableMembers(other, now)) {
                return true;
            }
        }
        return false;
    }

    /** num_available_members: with ringall (or without autofill) one available member is as good as many. */
    private int availableMembers(SimQueue q, long now) {
        int available = 0;
        for (Member m : q.members.values()) {
            if (!m.paused && m.device.available() && m.wrapUntilMs <= now) {
                available++;
                if (q.spec.strategy().equals("ringall")) {
                    break;
                }
            }
        }
        return available;
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
            pbx.emit(Frame.event("AgentRingNoAnswer", "agent,all").chan(call.leg).dest(r.one)
                .f("Queue", r.queue.name()).f("Interface", r.member.iface).f("MemberName", r.member.name)
                .f("RingTime", now - r.startedMs));
            pbx.queueLog.ringNoAnswer(call, r, now - r.startedMs);
            pbx.rings.drop(r, "NOANSWER", 0);
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
        pbx.emit(Frame.event("QueueCallerLeave", "agent,all").chan(call.leg).f("Queue", q.name())
            .f("Position", position).f("Count", q.callers.size()));
        long holdS = (now - call.joinedMs) / 1000;
        pbx.emit(Frame.event("AgentConnect", "agent,all").chan(call.leg).dest(r.one)
            .f("Queue", q.name()).f("Interface", r.member.iface).f("MemberName", r.member.name)
            .f("HoldTime", holdS).f("RingTime", (now - r.startedMs) / 1000));
        pbx.queueLog.connect(call, r, holdS, (now - r.startedMs) / 1000);
        q.holdTotalS += holdS;
        if (holdS <= q.spec.serviceLevelS()) {
            q.completedInSl++;
        }
        dispatchAllSoon();
    }

    /** update_queue, then AgentComplete: the member's counts and wrap-up move before the event is written. */
    void complete(Call call, Ring r, String reason) {
        SimQueue q = call.queue;
        long now = pbx.now();
        long talkS = (now - call.connectedMs) / 1000;
        long holdS = (call.connectedMs - call.joinedMs) / 1000;
        q.completed++;
        q.talkTotalS += talkS;
        finishedCall(r, now);
        Frame f = Frame.event("AgentComplete", "agent,all");
        // When the caller hung up first, app_queue has already lost the caller's channel snapshot (README trap).
        if (pbx.channels.containsKey(call.leg.name)) {
            f.chan(call.leg);
        }
        pbx.emit(f.dest(r.one)
            .f("Queue", q.name()).f("Interface", r.member.iface).f("MemberName", r.member.name)
            .f("HoldTime", holdS).f("TalkTime", talkS).f("Reason", reason));
        pbx.queueLog.complete(call, r, holdS, talkS, reason);
    }

    /**
     * The member's call is done. shared_lastcall (telephony/asterisk/queues.conf) counts it in every queue the
     * member is in, and the wrap-up of the queue it came from keeps the member out of all of them.
     */
    private void finishedCall(Ring r, long now) {
        r.member.inCall = false;
        long lastCall = now / 1000;
        long wrapUntil = now + r.queue.spec.wrapupMs();
        for (SimQueue q : queues.values()) {
            Member m = q.members.get(r.member.iface);
            if (m != null) {
                m.callsTaken++;
                m.lastCall = lastCall;
                m.wrapUntilMs = wrapUntil;
            }
        }
    }

    /**
     * Tells the queues a device's new state, if it changed, with a QueueMemberStatus in each queue the phone is a
     * member of (config order), {@code later} excepted: its caller sends that one itself, after AgentComplete.
     */
    boolean publish(SimDevice dev, SimQueue later) {
        int state = dev.state();
        if (state == dev.published) {
            return false;
        }
        dev.published = state;
        for (SimQueue q : queues.values()) {
            Member m = q.members.get(dev.iface);
            if (m != null && q != later) {
                memberStatus(q, m);
            }
        }
        return true;
    }

    void memberStatus(SimQueue q, Member m) {
        pbx.emit(m.appendTo(Frame.event("QueueMemberStatus", "agent,all"), q.name()));
    }

    /** A phone's calls changed outside the queues (an Originate): tell the queues what it is now. */
    void deviceChanged(SimDevice dev) {
        publish(dev, null);
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

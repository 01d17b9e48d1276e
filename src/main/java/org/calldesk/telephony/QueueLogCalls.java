package org.calldesk.telephony;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.calldesk.telephony.LiveCall.Outcome;

/**
 * Puts queue_log lines back together into calls, one per caller Uniqueid, and hands out those that ended. Outcomes
 * follow what {@link LiveCalls} makes of the same call from AMI: a completed or transferred call was answered, a
 * caller who hung up waiting abandoned, one who left the queue (timeout, empty queue, key, withdrawal) was not
 * answered, unless a later ENTERQUEUE of the same caller in the same read takes the call on.
 *
 * <p>One instance per read of the log, fed in order. Not thread-safe.
 */
public final class QueueLogCalls {

    /**
     * A queue call lasts minutes. One with no end in the log this long after its last line never gets one (Asterisk
     * stopped without writing it) and no longer holds the read position back.
     */
    static final Duration GIVE_UP_AFTER = Duration.ofHours(6);
    private static final int REMEMBERED = 20_000;
    /** The events about a caller that calldesk reads; member, transfer-target and custom events are left alone. */
    private static final Set<String> CALLER_EVENTS = Set.of("ENTERQUEUE", "RINGNOANSWER", "CONNECT", "COMPLETECALLER",
        "COMPLETEAGENT", "ATTENDEDTRANSFER", "BLINDTRANSFER", "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY",
        "WITHDRAW", "SYSCOMPAT");

    private final Map<String, Track> open = new LinkedHashMap<>();
    private final Map<String, Boolean> finished = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Applies lines in the order they were logged; returns the calls that ended in them. */
    public List<QueueLogCall> apply(List<QueueLogLine> lines) {
        Instant newest = null;
        for (QueueLogLine line : lines) {
            newest = line.time();
            if ("QUEUESTART".equals(line.event())) {
                // Asterisk started again: the calls it had in its queues went with it and will never end in the log.
                open.clear();
                continue;
            }
            if (!line.aboutCaller() || !CALLER_EVENTS.contains(line.event()) || finished.containsKey(line.callid())) {
                continue;
            }
            open.computeIfAbsent(line.callid(), id -> new Track(id, line.at())).apply(line);
        }
        List<QueueLogCall> ended = new ArrayList<>();
        for (Iterator<Track> it = open.values().iterator(); it.hasNext(); ) {
            Track track = it.next();
            if (track.outcome != null) {
                it.remove();
                finished.put(track.callid, Boolean.TRUE);
                ended.add(track.toCall());
            } else if (newest != null && track.lastTime.isBefore(newest.minus(GIVE_UP_AFTER))) {
                it.remove();
            }
        }
        return ended;
    }

    /**
     * Where the next read of the log must start so that no call still open loses its first lines: the first line of
     * the oldest open call, or {@code readTo} when none is open. Lines read twice are harmless; calls are stored once.
     */
    public QueueLogSource.Position resumeFrom(QueueLogSource.Position readTo) {
        return open.isEmpty() ? readTo : open.values().iterator().next().firstAt;
    }

    /** Calls whose end is not in the log yet. */
    public int openCalls() {
        return open.size();
    }

    private static final class Track {
        final String callid;
        final QueueLogSource.Position firstAt;
        Instant lastTime;
        String callerNumber;
        String queue;
        Instant enteredAt;
        Instant answeredAt;
        Instant endedAt;
        Outcome outcome;
        /** Ended for good (completed, abandoned), as opposed to having left a queue it may join again. */
        boolean over;
        String member;
        long waitMs;
        long talkMs;
        int missedRings;

        Track(String callid, QueueLogSource.Position firstAt) {
            this.callid = callid;
            this.firstAt = firstAt;
        }

        void apply(QueueLogLine line) {
            if (over) {
                return;
            }
            lastTime = line.time();
            queue = line.queue();
            Instant t = line.time();
            switch (line.event()) {
                case "ENTERQUEUE" -> {
                    outcome = null;
                    endedAt = null;
                    if (enteredAt == null) {
                        enteredAt = t;
                    }
                    if (callerNumber == null && !line.data(1).isBlank()) {
                        callerNumber = line.data(1).trim();
                    }
                }
                case "RINGNOANSWER" -> missedRings++;
                case "CONNECT" -> {
                    member = memberOf(line);
                    answeredAt = t;
                    waitMs = line.number(0) * 1000;
                }
                case "COMPLETECALLER", "COMPLETEAGENT" -> answered(line, line.number(0), line.number(1));
                case "ATTENDEDTRANSFER", "BLINDTRANSFER" -> answered(line, line.numberFromEnd(3), line.numberFromEnd(2));
                case "ABANDON" -> end(t, Outcome.ABANDONED, line.number(2), true);
                case "SYSCOMPAT" -> end(t, Outcome.ABANDONED,
                    enteredAt == null ? 0 : Duration.between(enteredAt, t).toSeconds(), true);
                case "EXITWITHKEY" -> end(t, Outcome.NO_ANSWER, line.number(3), false);
                default -> end(t, Outcome.NO_ANSWER, line.number(2), false); // EXITWITHTIMEOUT, EXITEMPTY, WITHDRAW
            }
        }

        private void answered(QueueLogLine line, long holdS, long talkS) {
            String by = memberOf(line);
            if (by != null) {
                member = by;
            }
            if (answeredAt == null) {
                answeredAt = line.time().minusSeconds(talkS);
            }
            waitMs = holdS * 1000;
            talkMs = talkS * 1000;
            endedAt = line.time();
            outcome = Outcome.ANSWERED;
            over = true;
        }

        private void end(Instant at, Outcome how, long waitS, boolean forGood) {
            endedAt = at;
            outcome = how;
            waitMs = waitS * 1000;
            over = forGood;
        }

        private static String memberOf(QueueLogLine line) {
            String agent = line.agent();
            return agent == null || agent.isBlank() || "NONE".equals(agent) ? null : agent;
        }

        QueueLogCall toCall() {
            Instant entered = enteredAt != null ? enteredAt
                : (answeredAt != null ? answeredAt : endedAt).minusMillis(waitMs);
            return new QueueLogCall(callid, callerNumber, queue, entered, answeredAt, endedAt, outcome,
                outcome == Outcome.ANSWERED ? member : null, waitMs, outcome == Outcome.ANSWERED ? talkMs : 0,
                missedRings);
        }
    }
}

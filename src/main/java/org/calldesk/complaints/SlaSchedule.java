package org.calldesk.complaints;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a complaint's SLA clock means for its indexed columns, computed once per change so that the
 * sweeper, the board and routing never replay the audit trail: due times, when the state turns at
 * risk and breached in the current status, each escalation level's due time, and paused time; and, for the reports,
 * the business time to the first response (null before it) and the business time the resolution clock has used by
 * {@code now} (its time to resolve, when {@code now} is the resolve).
 */
public record SlaSchedule(
    Instant firstResponseDue,
    Instant firstRespondedAt,
    Instant resolutionDue,
    Instant atRiskAt,
    Instant breachAt,
    List<Instant> levelDues,
    long pausedSeconds,
    Instant pausedSince,
    ComplaintStatus status,
    Duration firstResponseBusiness,
    Duration usedBusiness) {

    public static SlaSchedule of(SlaPolicy policy, Instant openedAt, List<StatusChange> history, Instant now) {
        SlaClock clock = SlaClock.of(policy, openedAt, history);
        ComplaintStatus status = clock.statusAt(now);
        Instant responded = clock.firstResponseAt().orElse(null);
        Instant resolutionDue = clock.resolutionDue().orElse(null);
        List<Instant> dues = new ArrayList<>();
        for (EscalationLevel level : policy.escalation()) {
            var due = clock.levelDueAt(level);
            if (due.isEmpty()) {
                break; // higher levels need more time still: a paused clock reaches none of them
            }
            dues.add(due.get());
        }
        Instant atRisk = null;
        Instant breach = null;
        if (status.clock() == ComplaintStatus.Clock.STOPPED) {
            // kept only as the verdict: a target used up exactly is met, though the clock reached it before the stop
            breach = clock.state(now) == SlaState.BREACHED ? resolutionDue : null;
        } else {
            Instant resolutionAtRisk = clock.levelDueAt(new EscalationLevel(1, "at-risk", policy.atRiskFraction())).orElse(null);
            if (responded == null) {
                Duration share = Duration.ofMillis(Math.round(policy.firstResponse().toMillis() * policy.atRiskFraction()));
                atRisk = earliest(policy.calendar().addBusinessTime(openedAt, share), resolutionAtRisk);
                breach = earliest(clock.firstResponseDue(), resolutionDue);
            } else {
                atRisk = resolutionAtRisk;
                breach = resolutionDue;
            }
        }
        long paused = 0;
        Instant pausedSince = null;
        for (StatusChange change : sorted(history, openedAt)) {
            if (pausedSince != null && change.status() != ComplaintStatus.WAITING_CUSTOMER) {
                paused += Duration.between(pausedSince, change.at()).toSeconds();
                pausedSince = null;
            } else if (pausedSince == null && change.status() == ComplaintStatus.WAITING_CUSTOMER) {
                pausedSince = change.at();
            }
        }
        return new SlaSchedule(clock.firstResponseDue(), responded, resolutionDue, atRisk, breach, List.copyOf(dues),
            paused, pausedSince, status, clock.firstResponseBusinessTime().orElse(null), clock.used(now));
    }

    /** The due time of the lowest level above {@code firedLevel}; none once the complaint is resolved or closed. */
    public Instant nextEscalation(int firedLevel) {
        if (status.clock() == ComplaintStatus.Clock.STOPPED || firedLevel >= levelDues.size()) {
            return null;
        }
        return levelDues.get(firedLevel);
    }

    /** The SLA state from the indexed columns alone; agrees with {@link SlaClock#state} at {@code now}. */
    public static SlaState state(ComplaintStatus status, Instant resolutionDue, Instant atRiskAt, Instant breachAt, Instant now) {
        if (status.clock() == ComplaintStatus.Clock.STOPPED) {
            return breachAt == null ? SlaState.MET : SlaState.BREACHED;
        }
        if (breachAt != null && !now.isBefore(breachAt)) {
            return SlaState.BREACHED;
        }
        if (status.clock() == ComplaintStatus.Clock.PAUSED) {
            return SlaState.PAUSED;
        }
        if (atRiskAt != null && !now.isBefore(atRiskAt)) {
            return SlaState.AT_RISK;
        }
        return SlaState.ON_TRACK;
    }

    private static List<StatusChange> sorted(List<StatusChange> history, Instant openedAt) {
        List<StatusChange> list = new ArrayList<>();
        for (StatusChange change : history) {
            list.add(change.at().isBefore(openedAt) ? new StatusChange(openedAt, change.status()) : change);
        }
        list.sort(java.util.Comparator.comparing(StatusChange::at));
        return list;
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}

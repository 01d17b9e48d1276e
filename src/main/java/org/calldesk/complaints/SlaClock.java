package org.calldesk.complaints;

import org.calldesk.calendar.BusinessCalendar;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The SLA clocks of one complaint, computed from its policy, opening time and status history.
 *
 * <p>First response: business time from opening to the first move out of {@code new}; it never pauses.
 * Resolution: business time while {@code new}, {@code acknowledged} or {@code in_progress}; paused in
 * {@code waiting_customer}, stopped in {@code resolved}/{@code closed}, and a reopen carries on from the
 * time already used. The history is facts, not requests: moves the lifecycle would refuse still count.
 * Immutable; build one per evaluation, it costs one pass over the history.
 */
public final class SlaClock {

    /** A stretch during which the resolution clock ran; {@code end} null while it still runs. */
    private record Run(Instant start, Instant end, Duration used) {}

    private final SlaPolicy policy;
    private final Instant openedAt;
    private final List<StatusChange> history;
    private final List<Run> runs;
    private final Instant respondedAt;
    private final Instant firstResponseDue;

    private SlaClock(SlaPolicy policy, Instant openedAt, List<StatusChange> history) {
        this.policy = policy;
        this.openedAt = openedAt;
        this.history = history;
        this.runs = runs(policy.calendar(), openedAt, history);
        this.respondedAt = history.stream()
            .filter(change -> change.status() != ComplaintStatus.NEW)
            .map(StatusChange::at)
            .findFirst()
            .orElse(null);
        this.firstResponseDue = policy.calendar().addBusinessTime(openedAt, policy.firstResponse());
    }

    /**
     * @param history status changes in any order; changes dated before {@code openedAt} count as made
     *                at opening (clock skew between nodes), and the complaint starts as {@code new}
     */
    public static SlaClock of(SlaPolicy policy, Instant openedAt, List<StatusChange> history) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(openedAt, "openedAt");
        List<StatusChange> sorted = new ArrayList<>();
        for (StatusChange change : history) {
            sorted.add(change.at().isBefore(openedAt) ? new StatusChange(openedAt, change.status()) : change);
        }
        sorted.sort(Comparator.comparing(StatusChange::at)); // stable: same-instant rows keep their order
        return new SlaClock(policy, openedAt, List.copyOf(sorted));
    }

    private static List<Run> runs(BusinessCalendar calendar, Instant openedAt, List<StatusChange> history) {
        List<Run> runs = new ArrayList<>();
        Instant runningSince = openedAt;
        for (StatusChange change : history) {
            boolean running = change.status().clock() == ComplaintStatus.Clock.RUNNING;
            if (runningSince != null && !running) {
                runs.add(new Run(runningSince, change.at(), calendar.businessTimeBetween(runningSince, change.at())));
                runningSince = null;
            } else if (runningSince == null && running) {
                runningSince = change.at();
            }
        }
        if (runningSince != null) {
            runs.add(new Run(runningSince, null, null));
        }
        return List.copyOf(runs);
    }

    public SlaPolicy policy() {
        return policy;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public ComplaintStatus statusAt(Instant now) {
        ComplaintStatus status = ComplaintStatus.NEW;
        for (StatusChange change : history) {
            if (change.at().isAfter(now)) {
                break;
            }
            status = change.status();
        }
        return status;
    }

    public Instant firstResponseDue() {
        return firstResponseDue;
    }

    /** When the complaint first left {@code new}; empty until then. */
    public Optional<Instant> firstResponseAt() {
        return Optional.ofNullable(respondedAt);
    }

    /**
     * Business time from opening to the first response, on the policy's calendar (the first-response clock never
     * pauses); empty until the complaint leaves {@code new}.
     */
    public Optional<Duration> firstResponseBusinessTime() {
        return firstResponseAt().map(at -> policy.calendar().businessTimeBetween(openedAt, at));
    }

    /** A first response counts as late once its due time is reached without one. */
    public boolean firstResponseLate(Instant now) {
        if (respondedAt != null && !respondedAt.isAfter(now)) {
            return respondedAt.isAfter(firstResponseDue);
        }
        return !now.isBefore(firstResponseDue);
    }

    /** Business time counted against the resolution target up to {@code now}. */
    public Duration used(Instant now) {
        Duration used = Duration.ZERO;
        for (Run run : runs) {
            if (!run.start().isBefore(now)) {
                break;
            }
            if (run.end() != null && !run.end().isAfter(now)) {
                used = used.plus(run.used());
            } else {
                used = used.plus(policy.calendar().businessTimeBetween(run.start(), now));
            }
        }
        return used;
    }

    /** Business time left before the resolution target; negative once overdue. */
    public Duration remaining(Instant now) {
        return policy.resolution().minus(used(now));
    }

    /** Share of the resolution target used: 0.5 half way, 1.0 at the due time, above 1 when overdue. */
    public double elapsedFraction(Instant now) {
        return fraction(used(now), policy.resolution());
    }

    /**
     * When the resolution target is (or was) reached. Empty while the clock is paused or stopped
     * short of the target: nobody can be late while the customer holds the ball.
     */
    public Optional<Instant> resolutionDue() {
        return reachedAt(policy.resolution());
    }

    /** When this escalation level is (or was) due, under the same rule as {@link #resolutionDue()}. */
    public Optional<Instant> levelDueAt(EscalationLevel level) {
        return reachedAt(share(policy.resolution(), level.fraction()));
    }

    /** The lowest level above {@code firedLevel} (0 = none fired yet) that the clock will reach, and when. */
    public Optional<Deadline> nextLevel(int firedLevel) {
        for (EscalationLevel level : policy.escalation()) {
            if (level.level() > firedLevel) {
                Optional<Instant> due = levelDueAt(level);
                if (due.isPresent()) {
                    return Optional.of(new Deadline(level, due.get()));
                }
                // higher levels need even more time, so a paused clock reaches none of them
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** An escalation level with the instant it falls due; the sweeper indexes {@code at}. */
    public record Deadline(EscalationLevel level, Instant at) {}

    public SlaState state(Instant now) {
        Duration used = used(now);
        ComplaintStatus status = statusAt(now);
        if (status.clock() == ComplaintStatus.Clock.STOPPED) {
            return used.compareTo(policy.resolution()) <= 0 ? SlaState.MET : SlaState.BREACHED;
        }
        boolean awaitingResponse = respondedAt == null || respondedAt.isAfter(now);
        if (used.compareTo(policy.resolution()) >= 0 || (awaitingResponse && !now.isBefore(firstResponseDue))) {
            return SlaState.BREACHED;
        }
        if (status.clock() == ComplaintStatus.Clock.PAUSED) {
            return SlaState.PAUSED;
        }
        double responseFraction = awaitingResponse
            ? fraction(policy.calendar().businessTimeBetween(openedAt, now), policy.firstResponse())
            : 0;
        if (fraction(used, policy.resolution()) >= policy.atRiskFraction() || responseFraction >= policy.atRiskFraction()) {
            return SlaState.AT_RISK;
        }
        return SlaState.ON_TRACK;
    }

    private Optional<Instant> reachedAt(Duration budget) {
        Duration before = Duration.ZERO;
        for (Run run : runs) {
            Duration left = budget.minus(before);
            if (run.end() == null || left.compareTo(run.used()) <= 0) {
                return Optional.of(policy.calendar().addBusinessTime(run.start(), left));
            }
            before = before.plus(run.used());
        }
        return Optional.empty();
    }

    private static Duration share(Duration target, double fraction) {
        return Duration.ofMillis(Math.round(target.toMillis() * fraction));
    }

    private static double fraction(Duration used, Duration target) {
        return (double) used.toMillis() / target.toMillis();
    }
}

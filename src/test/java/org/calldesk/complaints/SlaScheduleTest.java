package org.calldesk.complaints;

import org.calldesk.platform.Config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SlaScheduleTest {

    private static final SlaPolicies POLICIES = SlaPolicies.from(Config.defaults());
    private static final Instant OPENED = Instant.parse("2026-03-02T02:00:00Z");

    @Test
    @DisplayName("the SLA state read from the indexed columns agrees with the full clock after every random lifecycle")
    void columnsAgreeWithTheClock() {
        Random random = new Random(7);
        for (int run = 0; run < 2000; run++) {
            Severity severity = Severity.values()[random.nextInt(4)];
            SlaPolicy policy = POLICIES.policy(severity, random.nextBoolean() ? "gold" : "bronze");
            List<StatusChange> history = new ArrayList<>();
            history.add(new StatusChange(OPENED, ComplaintStatus.NEW));
            ComplaintStatus status = ComplaintStatus.NEW;
            Instant t = OPENED;
            for (int step = random.nextInt(7); step > 0; step--) {
                List<ComplaintStatus> next = List.copyOf(status.allowed());
                status = next.get(random.nextInt(next.size()));
                t = t.plus(Duration.ofMinutes(random.nextInt(600)));
                history.add(new StatusChange(t, status));
            }
            SlaSchedule schedule = SlaSchedule.of(policy, OPENED, history, t);
            SlaClock clock = SlaClock.of(policy, OPENED, history);
            for (int probe = 0; probe < 6; probe++) {
                Instant now = t.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 4)));
                assertEquals(clock.state(now), SlaSchedule.state(status, schedule.resolutionDue(), schedule.atRiskAt(),
                        schedule.breachAt(), now), "run " + run + " " + history + " at " + now);
            }
        }
    }

    @Test
    @DisplayName("level due times follow the fractions of the resolution target, and a paused clock schedules no escalation")
    void escalationDues() {
        SlaPolicy critical = POLICIES.policy(Severity.CRITICAL, "bronze");
        SlaSchedule open = SlaSchedule.of(critical, OPENED, List.of(), OPENED);
        assertEquals(List.of(OPENED.plus(Duration.ofHours(3)), OPENED.plus(Duration.ofHours(4)), OPENED.plus(Duration.ofHours(6))),
                open.levelDues());
        assertEquals(OPENED.plus(Duration.ofHours(4)), open.nextEscalation(1));
        assertNull(open.nextEscalation(3));

        Instant paused = OPENED.plus(Duration.ofHours(1));
        SlaSchedule waiting = SlaSchedule.of(critical, OPENED, List.of(
                new StatusChange(OPENED.plusSeconds(60), ComplaintStatus.ACKNOWLEDGED),
                new StatusChange(OPENED.plusSeconds(120), ComplaintStatus.IN_PROGRESS),
                new StatusChange(paused, ComplaintStatus.WAITING_CUSTOMER)), paused);
        assertNull(waiting.nextEscalation(0));
        assertNull(waiting.breachAt());
        assertEquals(paused, waiting.pausedSince());
    }
}

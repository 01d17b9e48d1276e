package org.calldesk.complaints;

import org.calldesk.platform.Config;
import org.calldesk.calendar.BusinessCalendarTest;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlaClockTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final SlaPolicies POLICIES = SlaPolicies.from(Config.defaults());
    /** Normal severity, bronze: first response 4 h, resolution 3 business days = 27 h, Mon–Fri 09:00–18:00 Shanghai. */
    private static final SlaPolicy NORMAL = POLICIES.policy(Severity.NORMAL, "bronze");
    /** Monday 2026-03-02 10:00 Shanghai. */
    private static final Instant OPENED = sh("2026-03-02T10:00");

    private static final String WORKED = "2026-03-02T11:00 acknowledged, 2026-03-02T11:30 in_progress";

    private static Instant sh(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    /** "2026-03-02T11:00 acknowledged, 2026-03-02T11:30 in_progress" in Shanghai local time. */
    private static List<StatusChange> history(String text) {
        List<StatusChange> changes = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return changes;
        }
        for (String item : text.split(",")) {
            String[] parts = item.trim().split(" ");
            changes.add(StatusChange.of(sh(parts[0]), parts[1]));
        }
        return changes;
    }

    @ParameterizedTest(name = "[{index}] {0} at {2}: {3}")
    @DisplayName("the resolution clock runs in business hours, pauses for the customer, stops when resolved and resumes on reopen")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                   | history                                                                                               | now              | state    | used     | resolution due
        untouched, early         | -                                                                                                     | 2026-03-02T12:00 | ON_TRACK | PT2H     | 2026-03-05T10:00
        untouched, response near | -                                                                                                     | 2026-03-02T13:00 | AT_RISK  | PT3H     | 2026-03-05T10:00
        untouched, response late | -                                                                                                     | 2026-03-02T14:00 | BREACHED | PT4H     | 2026-03-05T10:00
        worked, next morning     | $W                                                                                                    | 2026-03-03T10:00 | ON_TRACK | PT9H     | 2026-03-05T10:00
        worked, 75 % used        | $W                                                                                                    | 2026-03-04T12:15 | AT_RISK  | PT20H15M | 2026-03-05T10:00
        worked, over the weekend | $W                                                                                                    | 2026-03-07T12:00 | BREACHED | PT44H    | 2026-03-05T10:00
        worked, at due time      | $W                                                                                                    | 2026-03-05T10:00 | BREACHED | PT27H    | 2026-03-05T10:00
        waiting on customer      | $W, 2026-03-03T10:00 waiting_customer                                                                 | 2026-03-06T12:00 | PAUSED   | PT9H     | -
        paused, then resumed     | $W, 2026-03-03T10:00 waiting_customer, 2026-03-05T10:00 in_progress                                   | 2026-03-04T12:00 | PAUSED   | PT9H     | 2026-03-09T10:00
        resumed, running again   | $W, 2026-03-03T10:00 waiting_customer, 2026-03-05T10:00 in_progress                                   | 2026-03-06T10:00 | ON_TRACK | PT18H    | 2026-03-09T10:00
        resolved in time         | $W, 2026-03-03T15:00 resolved                                                                         | 2026-03-04T12:00 | MET      | PT14H    | -
        resolved, closed         | $W, 2026-03-03T15:00 resolved, 2026-03-03T16:00 closed                                                | 2026-03-10T12:00 | MET      | PT14H    | -
        reopened, resumes        | $W, 2026-03-03T15:00 resolved, 2026-03-05T09:00 in_progress                                           | 2026-03-05T12:00 | ON_TRACK | PT17H    | 2026-03-06T13:00
        reopened, at risk        | $W, 2026-03-03T15:00 resolved, 2026-03-05T09:00 in_progress                                           | 2026-03-06T11:00 | AT_RISK  | PT25H    | 2026-03-06T13:00
        reopened, breached       | $W, 2026-03-03T15:00 resolved, 2026-03-05T09:00 in_progress                                           | 2026-03-06T14:00 | BREACHED | PT28H    | 2026-03-06T13:00
        reopened from closed     | $W, 2026-03-03T15:00 resolved, 2026-03-03T16:00 closed, 2026-03-05T09:00 in_progress                  | 2026-03-05T12:00 | ON_TRACK | PT17H    | 2026-03-06T13:00
        resolved late            | $W, 2026-03-05T12:00 resolved                                                                         | 2026-03-06T12:00 | BREACHED | PT29H    | 2026-03-05T10:00
        breached, then paused    | $W, 2026-03-05T11:00 waiting_customer                                                                 | 2026-03-06T12:00 | BREACHED | PT28H    | 2026-03-05T10:00
        future rows ignored      | $W, 2026-03-03T15:00 resolved                                                                         | 2026-03-03T12:00 | ON_TRACK | PT11H    | -
        """)
    void tracksResolution(String name, String history, String now, SlaState state, Duration used, String due) {
        SlaClock clock = SlaClock.of(NORMAL, OPENED, history(history == null ? null : history.replace("$W", WORKED)));

        assertEquals(state, clock.state(sh(now)), "state");
        assertEquals(used, clock.used(sh(now)), "used");
        assertEquals(NORMAL.resolution().minus(used), clock.remaining(sh(now)), "remaining");
        assertEquals((double) used.toMinutes() / NORMAL.resolution().toMinutes(), clock.elapsedFraction(sh(now)), 1e-9);
        assertEquals(Optional.ofNullable(due).map(SlaClockTest::sh), clock.resolutionDue(), "resolution due");
    }

    @Test
    @DisplayName("first response is due 4 business hours after opening and is met by acknowledging in time")
    void firstResponse() {
        SlaClock untouched = SlaClock.of(NORMAL, OPENED, List.of());
        SlaClock acknowledged = SlaClock.of(NORMAL, OPENED, history(WORKED));
        SlaClock lateAck = SlaClock.of(NORMAL, OPENED, history("2026-03-02T15:00 acknowledged"));

        assertEquals(sh("2026-03-02T14:00"), untouched.firstResponseDue());
        assertFalse(untouched.firstResponseLate(sh("2026-03-02T13:59")));
        assertTrue(untouched.firstResponseLate(sh("2026-03-02T14:00")));
        assertEquals(Optional.of(sh("2026-03-02T11:00")), acknowledged.firstResponseAt());
        assertFalse(acknowledged.firstResponseLate(sh("2026-03-09T10:00")));
        assertTrue(lateAck.firstResponseLate(sh("2026-03-02T16:00")));
        // once answered, the state follows the resolution clock only
        assertEquals(SlaState.ON_TRACK, lateAck.state(sh("2026-03-02T16:00")));
    }

    @Test
    @DisplayName("escalation levels fall due at 75 %, 100 % and 150 % of the resolution target in business time")
    void escalationLevels() {
        SlaClock clock = SlaClock.of(NORMAL, OPENED, history(WORKED));

        assertEquals(Optional.of(sh("2026-03-04T12:15")), clock.levelDueAt(NORMAL.level(1)));
        assertEquals(Optional.of(sh("2026-03-05T10:00")), clock.levelDueAt(NORMAL.level(2)));
        assertEquals(Optional.of(sh("2026-03-06T14:30")), clock.levelDueAt(NORMAL.level(3)));
        assertEquals(Optional.of(new SlaClock.Deadline(NORMAL.level(1), sh("2026-03-04T12:15"))), clock.nextLevel(0));
        assertEquals(Optional.of(new SlaClock.Deadline(NORMAL.level(3), sh("2026-03-06T14:30"))), clock.nextLevel(2));
        assertEquals(Optional.empty(), clock.nextLevel(3));
    }

    @Test
    @DisplayName("a paused or resolved complaint has no next escalation; levels reached before the pause keep their time")
    void escalationWhilePaused() {
        SlaClock waiting = SlaClock.of(NORMAL, OPENED, history(WORKED + ", 2026-03-03T10:00 waiting_customer"));
        SlaClock breachedThenWaiting = SlaClock.of(NORMAL, OPENED, history(WORKED + ", 2026-03-05T11:00 waiting_customer"));
        SlaClock resolved = SlaClock.of(NORMAL, OPENED, history(WORKED + ", 2026-03-03T15:00 resolved"));

        assertEquals(Optional.empty(), waiting.nextLevel(0));
        assertEquals(Optional.of(sh("2026-03-04T12:15")), breachedThenWaiting.levelDueAt(NORMAL.level(1)));
        assertEquals(Optional.of(sh("2026-03-05T10:00")), breachedThenWaiting.levelDueAt(NORMAL.level(2)));
        assertEquals(Optional.empty(), breachedThenWaiting.levelDueAt(NORMAL.level(3)));
        assertEquals(Optional.empty(), breachedThenWaiting.nextLevel(2));
        assertEquals(Optional.empty(), resolved.nextLevel(0));
    }

    @Test
    @DisplayName("a critical complaint from a platinum customer runs round the clock, weekends included")
    void criticalRunsAroundTheClock() {
        SlaPolicy critical = POLICIES.policy(Severity.CRITICAL, "platinum");
        Instant fridayEvening = sh("2026-03-06T17:00");

        SlaClock clock = SlaClock.of(critical, fridayEvening, List.of());

        assertEquals(sh("2026-03-06T17:15"), clock.firstResponseDue());
        assertEquals(Optional.of(sh("2026-03-06T19:00")), clock.resolutionDue());
        assertEquals(Optional.of(sh("2026-03-06T20:00")), clock.levelDueAt(critical.level(3)));
        assertEquals(SlaState.BREACHED, clock.state(sh("2026-03-07T18:00")));
        assertEquals(Duration.ofHours(-23), clock.remaining(sh("2026-03-07T18:00")));
    }

    @Test
    @DisplayName("in Berlin a complaint opened on Friday before the clocks change is due on Monday at the right instant")
    void berlinAcrossDst() {
        JsonObject config = Config.merge(Config.defaults(), new JsonObject().put("sla", new JsonObject().put("calendars", new JsonObject()
            .put("business", BusinessCalendarTest.weekdays("Europe/Berlin", "09:00-18:00")))));
        SlaPolicy high = SlaPolicies.from(config).policy(Severity.HIGH, null);
        Instant opened = Instant.parse("2026-03-27T15:00:00Z"); // 16:00 CET

        SlaClock clock = SlaClock.of(high, opened, List.of(
            new StatusChange(Instant.parse("2026-03-27T15:30:00Z"), ComplaintStatus.ACKNOWLEDGED)));

        assertEquals(Instant.parse("2026-03-27T16:00:00Z"), clock.firstResponseDue());
        // 2 h on Friday, 6 h on Monday from 09:00 CEST (07:00Z)
        assertEquals(Optional.of(Instant.parse("2026-03-30T13:00:00Z")), clock.resolutionDue());
        assertEquals(Duration.ofHours(3), clock.used(Instant.parse("2026-03-30T08:00:00Z")));
    }

    @Test
    @DisplayName("history order does not matter and rows dated before opening count from opening")
    void toleratesMessyHistory() {
        List<StatusChange> ordered = history(WORKED + ", 2026-03-03T10:00 waiting_customer, 2026-03-05T10:00 in_progress");
        List<StatusChange> shuffled = new ArrayList<>(ordered);
        Collections.shuffle(shuffled, new java.util.Random(7));
        List<StatusChange> skewed = List.of(StatusChange.of(sh("2026-03-02T09:59"), "acknowledged"));
        Instant now = sh("2026-03-06T10:00");

        SlaClock clock = SlaClock.of(NORMAL, OPENED, shuffled);

        assertEquals(SlaClock.of(NORMAL, OPENED, ordered).used(now), clock.used(now));
        assertEquals(SlaClock.of(NORMAL, OPENED, ordered).resolutionDue(), clock.resolutionDue());
        assertEquals(Optional.of(OPENED), SlaClock.of(NORMAL, OPENED, skewed).firstResponseAt());
        assertThrows(IllegalArgumentException.class, () -> StatusChange.of(now, "archived"));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @DisplayName("the lifecycle allows forward moves, in_progress ⇄ waiting_customer, and reopening to in_progress")
    @CsvSource({
          "new, acknowledged, true", "new, in_progress, false", "new, resolved, false",
          "acknowledged, in_progress, true", "acknowledged, closed, false",
          "in_progress, waiting_customer, true", "waiting_customer, in_progress, true",
          "in_progress, resolved, true", "waiting_customer, resolved, true",
          "resolved, closed, true", "resolved, in_progress, true", "closed, in_progress, true",
          "closed, new, false", "resolved, acknowledged, false", "closed, resolved, false",
    })
    void lifecycle(String from, String to, boolean allowed) {
        assertEquals(allowed, ComplaintStatus.parse(from).canMoveTo(ComplaintStatus.parse(to)));
    }

    @Test
    @DisplayName("100 000 complaint clocks evaluate without stepping through time (smoke run, no timing asserted)")
    void manyClocks() {
        List<StatusChange> changes = history(WORKED + ", 2026-03-03T10:00 waiting_customer, 2026-03-05T10:00 in_progress");
        Instant now = sh("2026-03-06T10:00");
        int breached = 0;
        for (int i = 0; i < 100_000; i++) {
            Instant opened = OPENED.minusSeconds(i * 37L);
            SlaClock clock = SlaClock.of(NORMAL, opened, changes);
            if (clock.state(now) == SlaState.BREACHED || clock.nextLevel(0).isPresent()) {
                breached++;
            }
        }
        assertTrue(breached > 0);
    }
}

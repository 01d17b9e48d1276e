package org.calldesk.complaints;

import org.calldesk.platform.Config;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The business times the reports keep, worked out by hand on the shipped {@code business} calendar (Mon–Fri
 * 09:00–18:00, Asia/Shanghai): what the write path stores ({@link SlaSchedule} at the resolve) and what the backfill
 * computes from the trail ({@link BusinessTimeBackfill#times}) agree.
 */
class BusinessTimesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final SlaPolicy NORMAL = SlaPolicies.from(Config.defaults()).policy(Severity.NORMAL, "bronze");

    private static Instant sh(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    private static List<StatusChange> history(String text) {
        List<StatusChange> changes = new ArrayList<>();
        for (String item : text.split(",")) {
            String[] parts = item.trim().split(" ");
            changes.add(StatusChange.of(sh(parts[0]), parts[1]));
        }
        return changes;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @DisplayName("time to first response and to resolve in business hours: nights, weekends, waiting for the customer, reopens")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                                   | opened (Shanghai) | trail                                                                                                                                  | first response | resolve
        # Fri 16:00-18:00 (2 h) + Mon 09:00-11:00 (2 h); 67 h elapsed
        over a night and a weekend                               | 2026-03-06T16:00  | 2026-03-06T17:00 acknowledged, 2026-03-06T17:30 in_progress, 2026-03-09T11:00 resolved                                                 | PT1H           | PT4H
        # Mon 10:00-15:00 (5 h), waiting until Tue 10:00, Tue 10:00-12:00 (2 h)
        paused while waiting for the customer                    | 2026-03-02T10:00  | 2026-03-02T10:30 acknowledged, 2026-03-02T11:00 in_progress, 2026-03-02T15:00 waiting_customer, 2026-03-03T10:00 in_progress, 2026-03-03T12:00 resolved | PT30M | PT7H
        # answered the next morning: Mon 17:00-18:00 + Tue 09:00-09:15
        answered after a night                                   | 2026-03-02T17:00  | 2026-03-03T09:15 acknowledged, 2026-03-03T09:30 in_progress, 2026-03-03T10:00 resolved                                                 | PT1H15M        | PT2H
        # Mon 17:00-18:00 + Tue 09:00-09:30 (1 h 30), resolved until Wed 14:00, reopened, + Wed 14:00-16:00 (2 h)
        reopened carries on from the time already used           | 2026-03-02T17:00  | 2026-03-02T17:10 acknowledged, 2026-03-02T17:20 in_progress, 2026-03-03T09:30 resolved, 2026-03-04T14:00 in_progress, 2026-03-04T16:00 resolved | PT10M | PT3H30M
        # resolved, reopened from closed, waited over a weekend, resolved: Fri 15:00-18:00 (3 h) + Mon 09:00-10:00 (1 h) + Mon 11:00-12:00 (1 h)
        reopened from closed, then paused over the weekend       | 2026-03-06T15:00  | 2026-03-06T15:00 acknowledged, 2026-03-06T15:00 in_progress, 2026-03-06T18:30 resolved, 2026-03-06T19:00 closed, 2026-03-06T20:00 in_progress, 2026-03-06T20:30 waiting_customer, 2026-03-09T09:00 in_progress, 2026-03-09T10:00 waiting_customer, 2026-03-09T11:00 in_progress, 2026-03-09T12:00 resolved | PT0S | PT5H
        # opened on a Saturday: nothing counts until Monday 09:00
        opened at the weekend                                    | 2026-03-07T10:00  | 2026-03-07T11:00 acknowledged, 2026-03-07T12:00 in_progress, 2026-03-09T09:45 resolved                                                 | PT0S           | PT45M
        """)
    void businessTimes(String name, String opened, String trail, Duration firstResponse, Duration resolve) {
        Instant openedAt = sh(opened);
        List<StatusChange> history = history(trail);
        Instant resolvedAt = history.stream().filter(c -> c.status() == ComplaintStatus.RESOLVED).map(StatusChange::at)
                .reduce((a, b) -> b).orElseThrow();

        BusinessTimeBackfill.Times backfilled = BusinessTimeBackfill.times(NORMAL, openedAt, history, null, resolvedAt);
        assertEquals(firstResponse, backfilled.firstResponse(), "first response, from the trail");
        assertEquals(resolve, backfilled.resolve(), "time to resolve, from the trail");

        // as the write path computes it, at the moment of the (last) resolve, with the trail up to then
        List<StatusChange> upToResolve = history.stream().filter(c -> !c.at().isAfter(resolvedAt)).toList();
        SlaSchedule atResolve = SlaSchedule.of(NORMAL, openedAt, upToResolve, resolvedAt);
        assertEquals(firstResponse, atResolve.firstResponseBusiness());
        assertEquals(resolve, atResolve.usedBusiness());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @DisplayName("a trail without status changes (imported) counts from opening to the stored times without pauses")
    @CsvSource(delimiter = '|', textBlock = """
        # case                  | opened           | responded        | resolved         | first response | resolve
        the next working day    | 2026-03-06T17:00 | 2026-03-09T09:30 | 2026-03-09T12:00 | PT1H30M        | PT4H
        within one day          | 2026-03-02T09:00 | 2026-03-02T09:05 | 2026-03-02T10:00 | PT5M           | PT1H
        """)
    void withoutTrail(String name, String opened, String responded, String resolved, Duration firstResponse, Duration resolve) {
        Instant openedAt = sh(opened);
        BusinessTimeBackfill.Times times = BusinessTimeBackfill.times(NORMAL, openedAt,
                List.of(new StatusChange(openedAt, ComplaintStatus.NEW)), sh(responded), sh(resolved));
        assertEquals(firstResponse, times.firstResponse());
        assertEquals(resolve, times.resolve());
    }
}

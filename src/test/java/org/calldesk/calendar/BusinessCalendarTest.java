package org.calldesk.calendar;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class BusinessCalendarTest {

    /** Shanghai, Mon–Fri 09:00–18:00, National Day 2026-10-01 (Thu) and 10-02 (Fri) off. */
    public static final BusinessCalendar SHANGHAI = BusinessCalendar.from(weekdays("Asia/Shanghai", "09:00-18:00")
        .put("holidays", new JsonArray().add("2026-10-01").add("2026-10-02")));
    /** Berlin, Mon–Fri 09:00–18:00; DST starts 2026-03-29, ends 2026-10-25. */
    public static final BusinessCalendar BERLIN = BusinessCalendar.from(weekdays("Europe/Berlin", "09:00-18:00"));
    /** Berlin, open round the clock but walked day by day, so DST days show their true length. */
    public static final BusinessCalendar BERLIN_ALL_DAYS = BusinessCalendar.from(everyDay("Europe/Berlin", "00:00-24:00"));
    /** Berlin, open only 01:00–04:00 every day: straddles the 02:00 DST gap and overlap. */
    public static final BusinessCalendar BERLIN_NIGHT = BusinessCalendar.from(everyDay("Europe/Berlin", "01:00-04:00"));
    /** New York, weekdays with a lunch break, Saturday mornings. */
    public static final BusinessCalendar NEW_YORK = BusinessCalendar.from(weekdays("America/New_York", "09:00-12:00, 13:00-17:00")
        .put("hours", weekdayHours("09:00-12:00, 13:00-17:00").put("sat", new JsonArray().add("10:00-14:00"))));
    public static final BusinessCalendar ALWAYS = BusinessCalendar.from(new JsonObject().put("zone", "Asia/Shanghai").put("always_open", true));

    public static final Map<String, BusinessCalendar> CALENDARS = Map.of(
        "shanghai", SHANGHAI, "berlin", BERLIN, "berlin_all_days", BERLIN_ALL_DAYS,
        "berlin_night", BERLIN_NIGHT, "new_york", NEW_YORK, "24x7", ALWAYS);

    public static JsonObject weekdayHours(String hours) {
        return new JsonObject().put("mon", hours).put("tue", hours).put("wed", hours).put("thu", hours).put("fri", hours);
    }

    public static JsonObject weekdays(String zone, String hours) {
        return new JsonObject().put("zone", zone).put("hours", weekdayHours(hours));
    }

    public static JsonObject everyDay(String zone, String hours) {
        return new JsonObject().put("zone", zone).put("hours", weekdayHours(hours).put("sat", hours).put("sun", hours));
    }

    public static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    @ParameterizedTest(name = "{0}: {1} + {2} = {3}")
    @DisplayName("adding business time skips nights, weekends, holidays and lunch breaks, and follows DST")
    @CsvSource({
          // same day, overnight, exact closing, weekend, closed start, early start, zero
          "shanghai, 2026-03-02T10:00+08:00, PT1H,   2026-03-02T11:00+08:00",
          "shanghai, 2026-03-02T17:00+08:00, PT2H,   2026-03-03T10:00+08:00",
          "shanghai, 2026-03-02T09:00+08:00, PT9H,   2026-03-02T18:00+08:00",
          "shanghai, 2026-03-06T17:30+08:00, PT1H,   2026-03-09T09:30+08:00",
          "shanghai, 2026-03-07T12:00+08:00, PT1H,   2026-03-09T10:00+08:00",
          "shanghai, 2026-03-02T07:00+08:00, PT30M,  2026-03-02T09:30+08:00",
          "shanghai, 2026-03-02T20:00+08:00, PT0S,   2026-03-02T20:00+08:00",
          "shanghai, 2026-03-02T10:00+08:00, PT27H,  2026-03-05T10:00+08:00",
          "shanghai, 2026-03-02T10:00+08:00, PT45H,  2026-03-09T10:00+08:00",
          // start given in another zone: 02:00Z is 10:00 in Shanghai
          "shanghai, 2026-03-02T02:00Z,      PT1H,   2026-03-02T11:00+08:00",
          // National Day: Thursday and Friday off, so Wednesday evening runs into Monday
          "shanghai, 2026-09-30T17:00+08:00, PT2H,   2026-10-05T10:00+08:00",
          "shanghai, 2026-10-01T10:00+08:00, PT1H,   2026-10-05T10:00+08:00",
          // Berlin across the spring-forward weekend: offset changes from +01:00 to +02:00
          "berlin,   2026-03-27T17:00+01:00, PT2H,   2026-03-30T10:00+02:00",
          "berlin,   2026-10-23T17:00+02:00, PT2H,   2026-10-26T10:00+01:00",
          "berlin_all_days, 2026-03-29T00:00+01:00, PT24H, 2026-03-30T01:00+02:00",
          "berlin_all_days, 2026-10-25T00:00+02:00, PT24H, 2026-10-25T23:00+01:00",
          // 01:00–04:00 is 2 h on the spring-forward night and 4 h on the fall-back night
          "berlin_night, 2026-03-29T01:00+01:00, PT2H,  2026-03-29T04:00+02:00",
          "berlin_night, 2026-03-29T01:00+01:00, PT2H1M, 2026-03-30T01:01+02:00",
          "berlin_night, 2026-10-25T01:00+02:00, PT3H,  2026-10-25T03:00+01:00",
          "berlin_night, 2026-10-25T01:00+02:00, PT4H,  2026-10-25T04:00+01:00",
          // New York: lunch break, Saturday morning, and the 2026-03-08 spring-forward
          "new_york, 2026-03-02T11:30-05:00, PT1H,   2026-03-02T13:30-05:00",
          "new_york, 2026-03-06T16:00-05:00, PT2H,   2026-03-07T11:00-05:00",
          "new_york, 2026-03-07T13:00-05:00, PT2H,   2026-03-09T10:00-04:00",
          "24x7,     2026-03-06T23:00+08:00, PT49H,  2026-03-09T00:00+08:00",
    })
    void addsBusinessTime(String calendar, String start, Duration d, String due) {
        assertEquals(at(due), CALENDARS.get(calendar).addBusinessTime(at(start), d));
    }

    @ParameterizedTest(name = "{0}: {1} .. {2} = {3}")
    @DisplayName("business time between two instants counts only opening hours, in real elapsed time")
    @CsvSource({
          "shanghai, 2026-03-02T10:00+08:00, 2026-03-02T12:30+08:00, PT2H30M",
          "shanghai, 2026-03-02T17:00+08:00, 2026-03-03T10:00+08:00, PT2H",
          "shanghai, 2026-03-06T17:00+08:00, 2026-03-09T09:00+08:00, PT1H",
          "shanghai, 2026-03-07T08:00+08:00, 2026-03-08T20:00+08:00, PT0S",
          "shanghai, 2026-03-02T00:00+08:00, 2026-03-09T00:00+08:00, PT45H",
          "shanghai, 2026-09-28T00:00+08:00, 2026-10-05T00:00+08:00, PT27H",
          "shanghai, 2026-03-03T10:00+08:00, 2026-03-02T17:00+08:00, PT-2H",
          "berlin_all_days, 2026-03-29T00:00+01:00, 2026-03-30T00:00+02:00, PT23H",
          "berlin_all_days, 2026-10-25T00:00+02:00, 2026-10-26T00:00+01:00, PT25H",
          "berlin_night, 2026-03-28T00:00+01:00, 2026-03-31T00:00+02:00, PT8H",
          "berlin_night, 2026-10-24T00:00+02:00, 2026-10-27T00:00+01:00, PT10H",
          "berlin, 2026-03-27T00:00+01:00, 2026-03-31T00:00+02:00, PT18H",
          "new_york, 2026-03-02T00:00-05:00, 2026-03-09T00:00-04:00, PT39H",
          "24x7, 2026-03-01T00:00+08:00, 2026-03-02T12:00+08:00, PT36H",
    })
    void countsBusinessTime(String calendar, String a, String b, Duration expected) {
        assertEquals(expected, CALENDARS.get(calendar).businessTimeBetween(at(a), at(b)));
    }

    @ParameterizedTest(name = "{0} at {1}: {2}")
    @DisplayName("a calendar is open from the first minute of its hours up to, not including, closing time")
    @CsvSource({
          "shanghai, 2026-03-02T08:59:59+08:00, false",
          "shanghai, 2026-03-02T09:00+08:00, true",
          "shanghai, 2026-03-02T17:59:59+08:00, true",
          "shanghai, 2026-03-02T18:00+08:00, false",
          "shanghai, 2026-03-02T00:59Z, false",
          "shanghai, 2026-03-02T02:00Z, true",
          "shanghai, 2026-03-07T10:00+08:00, false",
          "shanghai, 2026-10-01T10:00+08:00, false",
          "new_york, 2026-03-02T12:30-05:00, false",
          "new_york, 2026-03-07T10:30-05:00, true",
          "berlin_night, 2026-03-29T03:30+02:00, true",
          "berlin_night, 2026-03-29T04:00+02:00, false",
          "24x7, 2026-10-01T03:00+08:00, true",
    })
    void knowsWhenOpen(String calendar, String t, boolean open) {
        assertEquals(open, CALENDARS.get(calendar).isOpen(at(t)));
    }

    @Test
    @DisplayName("adding business time then measuring it back returns the same duration, for many random starts")
    void addThenMeasureRoundTrips() {
        Random random = new Random(42);
        Instant from = at("2025-12-20T00:00Z");
        for (Map.Entry<String, BusinessCalendar> entry : CALENDARS.entrySet()) {
            BusinessCalendar calendar = entry.getValue();
            for (int i = 0; i < 2_000; i++) {
                Instant start = from.plusSeconds(random.nextLong(400L * 24 * 3600));
                Duration d = Duration.ofSeconds(random.nextLong(80L * 3600));
                Duration shorter = d.dividedBy(2);

                Instant due = calendar.addBusinessTime(start, d);

                assertEquals(d, calendar.businessTimeBetween(start, due), entry.getKey() + " from " + start + " + " + d);
                assertFalse(calendar.addBusinessTime(start, shorter).isAfter(due), entry.getKey() + " not monotonic at " + start);
                if (!d.isZero()) {
                    // a due time always falls inside opening hours or exactly at a closing time
                    Instant justBefore = due.minusNanos(1);
                    assertTrue(calendar.isOpen(justBefore), entry.getKey() + " due " + due + " right after a closed moment");
                }
            }
        }
    }

    @Test
    @DisplayName("a business day is the longest day's opening hours, or 24 h when open round the clock")
    void businessDay() {
        assertEquals(Duration.ofHours(9), SHANGHAI.businessDay());
        assertEquals(Duration.ofHours(7), NEW_YORK.businessDay());
        assertEquals(Duration.ofHours(24), ALWAYS.businessDay());
        assertEquals(ZoneId.of("Europe/Berlin"), BERLIN.zone());
    }

    @Test
    @DisplayName("adding a negative business time is refused")
    void refusesNegative() {
        assertThrows(IllegalArgumentException.class, () -> SHANGHAI.addBusinessTime(Instant.EPOCH, Duration.ofHours(-1)));
    }

    public static Stream<Arguments> badCalendars() {
        return Stream.of(
            Arguments.of(new JsonObject().put("zone", "Mars/Olympus"), "config zone: unknown time zone 'Mars/Olympus'"),
            Arguments.of(new JsonObject().put("zone", "UTC"), "config hours: no opening hours on any day"),
            Arguments.of(new JsonObject().put("hours", weekdayHours("09:00-18:00")), "config zone: is missing"),
            Arguments.of(new JsonObject().put("zone", "UTC").put("hours", new JsonObject().put("monday", "09:00-18:00")), "config hours.monday: unknown day"),
            Arguments.of(new JsonObject().put("zone", "UTC").put("hours", new JsonObject().put("mon", "18:00-09:00")), "config hours.mon: '18:00-09:00' ends before it starts"),
            Arguments.of(new JsonObject().put("zone", "UTC").put("hours", new JsonObject().put("mon", "09:00-12:00,11:00-18:00")), "config hours.mon: opening hours overlap"),
            Arguments.of(new JsonObject().put("zone", "UTC").put("hours", new JsonObject().put("mon", "nine to five")), "config hours.mon: 'nine to five' is not a range"),
            Arguments.of(new JsonObject().put("zone", "UTC").put("hours", new JsonObject().put("mon", "09:00-25:00")), "config hours.mon: '25:00' is not a time"),
            Arguments.of(weekdays("UTC", "09:00-18:00").put("holidays", new JsonArray().add("2026-13-01")), "config holidays: '2026-13-01' is not a date"),
            Arguments.of(weekdays("UTC", "09:00-18:00").put("always_open", "maybe"), "config always_open: must be true or false"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badCalendars")
    @DisplayName("a bad calendar is refused with a message naming the key")
    void refusesBadCalendar(JsonObject config, String message) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BusinessCalendar.from(config));

        assertTrue(error.getMessage().startsWith(message), error.getMessage());
    }

    @Test
    @DisplayName("days may be written as a list of ranges, and 'closed' or an empty value closes a day")
    void readsListsAndClosedDays() {
        BusinessCalendar calendar = BusinessCalendar.from(new JsonObject().put("zone", "UTC").put("hours", new JsonObject()
            .put("mon", new JsonArray().add("13:00-18:00").add("9:00-12:00"))
            .put("tue", "closed").put("wed", "")));

        assertEquals(Duration.ofHours(8), calendar.businessTimeBetween(at("2026-03-02T00:00Z"), at("2026-03-05T00:00Z")));
        assertTrue(calendar.isOpen(at("2026-03-02T09:00Z")));
    }
}

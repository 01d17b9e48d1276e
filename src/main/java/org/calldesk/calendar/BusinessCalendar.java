package org.calldesk.calendar;

import org.calldesk.platform.ConfigSection;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * When the desk counts time: weekly opening hours in one time zone, minus holidays, or 24×7.
 *
 * <p>Business time is real elapsed time while open, so an interval that spans a DST change counts
 * the hours that actually passed (00:00–24:00 is 23 h on a spring-forward day). Opening hours that
 * fall into a DST gap do not exist that day. Calculations walk day by day over pre-parsed hours, so
 * a closed day or a holiday costs one set lookup; nothing steps minute by minute.
 */
public final class BusinessCalendar {

    /** Days without opening hours before a calculation gives up: a safety net, not a limit anyone meets. */
    private static final int MAX_DAYS = 366 * 100;
    private static final int DAY_MINUTES = 24 * 60;
    private static final Map<DayOfWeek, String> DAY_KEYS = Map.of(
        DayOfWeek.MONDAY, "mon", DayOfWeek.TUESDAY, "tue", DayOfWeek.WEDNESDAY, "wed",
        DayOfWeek.THURSDAY, "thu", DayOfWeek.FRIDAY, "fri", DayOfWeek.SATURDAY, "sat", DayOfWeek.SUNDAY, "sun");

    /** Opening hours of one day in minutes since local midnight; {@code end} 1440 means 24:00. */
    public record OpenHours(int startMinute, int endMinute) {
        public OpenHours {
            if (startMinute < 0 || endMinute > DAY_MINUTES || startMinute >= endMinute) {
                throw new IllegalArgumentException("opening hours must run forward within one day: " + startMinute + "-" + endMinute);
            }
        }

        Duration length() {
            return Duration.ofMinutes(endMinute - startMinute);
        }
    }

    private final ZoneId zone;
    private final boolean alwaysOpen;
    private final Map<DayOfWeek, List<OpenHours>> week;
    private final Set<LocalDate> holidays;

    private BusinessCalendar(ZoneId zone, boolean alwaysOpen, Map<DayOfWeek, List<OpenHours>> week, Set<LocalDate> holidays) {
        this.zone = zone;
        this.alwaysOpen = alwaysOpen;
        this.week = week;
        this.holidays = holidays;
    }

    public static BusinessCalendar alwaysOpen(ZoneId zone) {
        return new BusinessCalendar(zone, true, new EnumMap<>(DayOfWeek.class), Set.of());
    }

    /**
     * Reads {@code zone}, {@code always_open}, {@code hours} (per day {@code mon}…{@code sun}:
     * {@code "09:00-12:00, 13:00-18:00"}, a list of such ranges, or empty for closed) and
     * {@code holidays} (ISO dates in the calendar's zone). Calendars are named and written by the operator, so
     * only the zone is required: a day left out is closed, and {@code always_open} and {@code holidays} may be
     * left out when they do not apply.
     */
    public static BusinessCalendar from(JsonObject calendarConfig) {
        return from(ConfigSection.root(calendarConfig));
    }

    public static BusinessCalendar from(ConfigSection config) {
        ZoneId zone;
        String zoneName = config.string("zone");
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw config.bad("zone", "unknown time zone '" + zoneName + "'");
        }
        if (config.has("always_open") && config.bool("always_open")) {
            return alwaysOpen(zone);
        }
        Map<DayOfWeek, List<OpenHours>> week = new EnumMap<>(DayOfWeek.class);
        if (config.has("hours")) {
            ConfigSection hours = config.section("hours");
            for (String key : hours.keys()) {
                if (!DAY_KEYS.containsValue(key)) {
                    throw hours.bad(key, "unknown day; use mon, tue, wed, thu, fri, sat, sun");
                }
            }
            for (DayOfWeek day : DayOfWeek.values()) {
                week.put(day, parseDay(hours, DAY_KEYS.get(day)));
            }
        }
        if (week.values().stream().allMatch(List::isEmpty)) {
            throw config.bad("hours", "no opening hours on any day; set always_open: true for a 24x7 calendar");
        }
        Set<LocalDate> holidays = new HashSet<>();
        for (String text : config.has("holidays") ? config.strings("holidays") : List.<String>of()) {
            try {
                holidays.add(LocalDate.parse(text));
            } catch (DateTimeParseException e) {
                throw config.bad("holidays", "'" + text + "' is not a date like 2026-10-01");
            }
        }
        return new BusinessCalendar(zone, false, week, Set.copyOf(holidays));
    }

    private static List<OpenHours> parseDay(ConfigSection hours, String key) {
        Object value = hours.raw(key);
        List<String> ranges = new ArrayList<>();
        if (value instanceof JsonArray) {
            hours.strings(key).forEach(item -> ranges.addAll(List.of(item.split(","))));
        } else if (value != null) {
            ranges.addAll(List.of(value.toString().split(",")));
        }
        List<OpenHours> day = new ArrayList<>();
        for (String range : ranges) {
            String text = range.trim().toLowerCase(Locale.ROOT);
            if (text.isEmpty() || text.equals("closed")) {
                continue;
            }
            String[] ends = text.split("-");
            if (ends.length != 2) {
                throw hours.bad(key, "'" + range.trim() + "' is not a range like 09:00-18:00");
            }
            int start = minuteOfDay(hours, key, ends[0]);
            int end = minuteOfDay(hours, key, ends[1]);
            if (start >= end) {
                throw hours.bad(key, "'" + range.trim() + "' ends before it starts");
            }
            day.add(new OpenHours(start, end));
        }
        day.sort(Comparator.comparingInt(OpenHours::startMinute));
        for (int i = 1; i < day.size(); i++) {
            if (day.get(i).startMinute() < day.get(i - 1).endMinute()) {
                throw hours.bad(key, "opening hours overlap");
            }
        }
        return List.copyOf(day);
    }

    private static int minuteOfDay(ConfigSection hours, String key, String text) {
        String time = text.trim();
        if (time.equals("24:00")) {
            return DAY_MINUTES;
        }
        try {
            LocalTime parsed = LocalTime.parse(time.length() == 4 ? "0" + time : time);
            return parsed.getHour() * 60 + parsed.getMinute();
        } catch (DateTimeParseException e) {
            throw hours.bad(key, "'" + time + "' is not a time like 09:00");
        }
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean isAlwaysOpen() {
        return alwaysOpen;
    }

    /** The length of a "business day" in SLA targets: the longest day's opening hours (24 h when 24×7). */
    public Duration businessDay() {
        if (alwaysOpen) {
            return Duration.ofHours(24);
        }
        return week.values().stream()
            .map(day -> day.stream().map(OpenHours::length).reduce(Duration.ZERO, Duration::plus))
            .max(Comparator.naturalOrder())
            .orElseThrow();
    }

    public boolean isOpen(Instant t) {
        if (alwaysOpen) {
            return true;
        }
        LocalDate date = LocalDate.ofInstant(t, zone);
        for (OpenHours hours : openOn(date)) {
            if (!t.isBefore(at(date, hours.startMinute())) && t.isBefore(at(date, hours.endMinute()))) {
                return true;
            }
        }
        return false;
    }

    /** The instant by which {@code d} of business time has passed since {@code start}; the due time of a target. */
    public Instant addBusinessTime(Instant start, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("business time to add must not be negative: " + d);
        }
        if (d.isZero()) {
            return start;
        }
        if (alwaysOpen) {
            return start.plus(d);
        }
        Duration left = d;
        LocalDate date = LocalDate.ofInstant(start, zone);
        for (int i = 0; i < MAX_DAYS; i++, date = date.plusDays(1)) {
            for (OpenHours hours : openOn(date)) {
                Instant from = max(at(date, hours.startMinute()), start);
                Instant to = at(date, hours.endMinute());
                if (!to.isAfter(from)) {
                    continue;
                }
                Duration open = Duration.between(from, to);
                // "<=" so a target that ends exactly at closing time is due at closing, not next morning
                if (left.compareTo(open) <= 0) {
                    return from.plus(left);
                }
                left = left.minus(open);
            }
        }
        throw new IllegalStateException("calendar has no opening hours within " + MAX_DAYS + " days of " + start);
    }

    /** Business time from {@code a} to {@code b}; negative when {@code b} is before {@code a}. */
    public Duration businessTimeBetween(Instant a, Instant b) {
        if (b.isBefore(a)) {
            return businessTimeBetween(b, a).negated();
        }
        if (alwaysOpen) {
            return Duration.between(a, b);
        }
        Duration total = Duration.ZERO;
        LocalDate last = LocalDate.ofInstant(b, zone);
        for (LocalDate date = LocalDate.ofInstant(a, zone); !date.isAfter(last); date = date.plusDays(1)) {
            for (OpenHours hours : openOn(date)) {
                Instant from = max(at(date, hours.startMinute()), a);
                Instant to = min(at(date, hours.endMinute()), b);
                if (to.isAfter(from)) {
                    total = total.plus(Duration.between(from, to));
                }
            }
        }
        return total;
    }

    private List<OpenHours> openOn(LocalDate date) {
        return holidays.contains(date) ? List.of() : week.get(date.getDayOfWeek());
    }

    // A local time inside a DST gap moves forward by the gap (ZonedDateTime.of), so gap hours have no length.
    private Instant at(LocalDate date, int minute) {
        if (minute == DAY_MINUTES) {
            return date.plusDays(1).atStartOfDay(zone).toInstant();
        }
        return ZonedDateTime.of(date, LocalTime.ofSecondOfDay(minute * 60L), zone).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public String toString() {
        return alwaysOpen ? "24x7 " + zone : "BusinessCalendar[" + zone + " " + week + " holidays=" + holidays + "]";
    }
}

package org.calldesk.reports;

import io.vertx.core.MultiMap;
import org.calldesk.platform.Invalid;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The days a report covers, from and to inclusive, in the display time zone: from midnight at the start of
 * {@code from} to midnight at the end of {@code to}, as people mean "1 to 7 December".
 */
public record ReportRange(LocalDate from, LocalDate to, Interval interval, ZoneId zone) {

    /**
     * From the request's {@code from}, {@code to} and {@code interval}; a range that is missing, inverted, longer
     * than the limit or cut into more intervals than a report returns is refused, saying why.
     */
    public static ReportRange parse(MultiMap params, ReportSettings settings) {
        LocalDate from = date(params.get("from"), "from");
        LocalDate to = date(params.get("to"), "to");
        if (to.isBefore(from)) {
            throw new Invalid(List.of("from", "to"), "the date range is inverted: to (" + to + ") is before from (" + from + ")");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > settings.maxRangeDays()) {
            throw new Invalid(List.of("from", "to"), "the date range covers " + days + " days; a report covers at most "
                    + settings.maxRangeDays());
        }
        Interval interval = Interval.of(params.get("interval"));
        long points = interval.count(from, to);
        if (points > settings.maxPoints()) {
            throw new Invalid("interval", "by " + interval.param() + " the range has " + points + " intervals; a report shows at most "
                    + settings.maxPoints() + ": choose a longer interval or a shorter range");
        }
        return new ReportRange(from, to, interval, settings.zone());
    }

    private static LocalDate date(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new Invalid(field, "the date range is empty: " + field + " is required (a date, YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new Invalid(field, field + " must be a date as YYYY-MM-DD, got '" + value + "'");
        }
    }

    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    OffsetDateTime startUtc() {
        return start().atOffset(java.time.ZoneOffset.UTC);
    }

    OffsetDateTime endUtc() {
        return end().atOffset(java.time.ZoneOffset.UTC);
    }
}

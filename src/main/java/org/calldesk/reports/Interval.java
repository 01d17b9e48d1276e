package org.calldesk.reports;

import org.calldesk.platform.Invalid;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The step of a report's time series, counted in the display time zone. */
public enum Interval {
    MIN15("15m", "15 minutes"), HOUR("hour", "1 hour"), DAY("day", "1 day"), WEEK("week", "7 days"), MONTH("month", null);

    private final String param;
    /** As PostgreSQL's date_bin takes it; months are not a fixed length, so date_trunc does them. */
    private final String sqlInterval;

    Interval(String param, String sqlInterval) {
        this.param = param;
        this.sqlInterval = sqlInterval;
    }

    public String param() {
        return param;
    }

    String sqlUnit() {
        return this == MONTH ? "month" : "bin";
    }

    String sqlInterval() {
        return this == MONTH ? "1 day" : sqlInterval;
    }

    public static Interval of(String value) {
        if (value == null || value.isBlank()) {
            return DAY;
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(i -> i.param.equals(wanted)).findFirst()
                .orElseThrow(() -> new Invalid("interval", "interval must be one of "
                        + Arrays.stream(values()).map(Interval::param).collect(Collectors.joining(", "))
                        + ", got '" + value + "'"));
    }

    /** For reports kept by day: 15 minutes and hours are shown by day. */
    Interval atLeastDay() {
        return this == MIN15 || this == HOUR ? DAY : this;
    }

    /** How many intervals the days from..to (inclusive) span; weeks start on Monday. */
    long count(LocalDate from, LocalDate to) {
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        return switch (this) {
            case MIN15 -> days * 96;
            case HOUR -> days * 24;
            case DAY -> days;
            case WEEK -> ChronoUnit.WEEKS.between(from.minusDays(from.getDayOfWeek().getValue() - 1L),
                    to.minusDays(to.getDayOfWeek().getValue() - 1L)) + 1;
            case MONTH -> ChronoUnit.MONTHS.between(from.withDayOfMonth(1), to.withDayOfMonth(1)) + 1;
        };
    }
}

package org.calldesk.platform;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * One way to write a date and a time on every page, in the display time zone ({@code display.time_zone}):
 * {@code 2026-12-01 10:42} for a moment, {@code 10:42} when it is today, {@code 2026-12-01} for a day. Templates call
 * {@code ${time.at(iso)}}, {@code ${time.clock(iso)}} and {@code ${time.day(iso)}} on the instance a route puts in
 * its model; anything that is not a time comes back as it was given.
 */
public final class DisplayTime {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;

    private final ZoneId zone;
    private final Clock clock;

    public DisplayTime(DisplaySettings settings) {
        this(settings.timeZone().isEmpty() ? ZoneId.systemDefault() : ZoneId.of(settings.timeZone()), Clock.systemUTC());
    }

    public DisplayTime(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    /** The zone's id, e.g. for scripts that format a time themselves. */
    public String zone() {
        return zone.getId();
    }

    /** {@code 2026-12-01 10:42} in the display zone. */
    public String at(String iso) {
        Instant t = parse(iso);
        return t == null ? text(iso) : AT.format(t.atZone(zone));
    }

    /** {@code 10:42} when the moment is today in the display zone, else as {@link #at}. */
    public String clock(String iso) {
        Instant t = parse(iso);
        if (t == null) {
            return text(iso);
        }
        boolean today = t.atZone(zone).toLocalDate().equals(LocalDate.now(clock.withZone(zone)));
        return today ? CLOCK.format(t.atZone(zone)) : AT.format(t.atZone(zone));
    }

    /** {@code 2026-12-01}: a day as given, or the day of a moment in the display zone. */
    public String day(String iso) {
        if (iso == null || iso.isEmpty()) {
            return "";
        }
        if (iso.length() == 10) {
            return iso;
        }
        Instant t = parse(iso);
        return t == null ? iso : DAY.format(t.atZone(zone));
    }

    private static Instant parse(String iso) {
        if (iso == null || iso.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(iso);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static String text(String iso) {
        return iso == null ? "" : iso;
    }
}

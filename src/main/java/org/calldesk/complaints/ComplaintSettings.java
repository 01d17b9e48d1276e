package org.calldesk.complaints;

import org.calldesk.calendar.BusinessCalendar;
import org.calldesk.platform.ConfigSection;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The {@code complaints} config section, read once with defaults; errors name the key. */
public record ComplaintSettings(
    List<String> categories,
    int subjectMax,
    int descriptionMax,
    int noteMax,
    long tickMs,
    long fallbackScanMs,
    int batch,
    Duration followUpDue,
    BusinessCalendar followUpCalendar,
    List<String> supervisorRoles,
    List<String> managerRoles,
    int cardsPerSection) {

    public static final List<String> DEFAULT_CATEGORIES = List.of("billing", "delivery", "product", "service", "staff", "other");

    public static ComplaintSettings from(JsonObject config, SlaPolicies policies) {
        ConfigSection section = ConfigSection.root(config).section("complaints");
        List<String> categories = section.strings("categories", DEFAULT_CATEGORIES).stream()
            .map(c -> c.toLowerCase(Locale.ROOT)).distinct().toList();
        if (categories.isEmpty()) {
            throw section.bad("categories", "needs at least one category");
        }
        ConfigSection sweeper = section.section("sweeper");
        ConfigSection followUp = section.section("follow_up");
        String calendarName = followUp.string("calendar", "business");
        BusinessCalendar calendar;
        try {
            calendar = policies.calendar(calendarName);
        } catch (IllegalArgumentException e) {
            throw followUp.bad("calendar", "no calendar named '" + calendarName + "' under sla.calendars");
        }
        ConfigSection notify = section.section("notify");
        return new ComplaintSettings(categories,
            section.positiveInt("subject_max", 200),
            section.positiveInt("description_max", 5000),
            section.positiveInt("note_max", 2000),
            sweeper.positiveInt("tick_ms", 500),
            sweeper.positiveInt("fallback_scan_s", 30) * 1000L,
            sweeper.positiveInt("batch", 500),
            SlaPolicies.duration(followUp, "due", "1d", calendar),
            calendar,
            notify.strings("supervisors", List.of("supervisor", "admin")),
            notify.strings("managers", List.of("admin")),
            section.section("board").positiveInt("cards_per_section", 100));
    }
}

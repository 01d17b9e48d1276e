package org.calldesk.complaints;

import org.calldesk.calendar.BusinessCalendar;
import org.calldesk.platform.ConfigSection;
import org.calldesk.platform.LiveList;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The {@code complaints} config section, read once; errors name the key. */
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
    int cardsPerSection,
    int followUpAttempts) {

    public static ComplaintSettings from(JsonObject config, SlaPolicies policies) {
        return from(ConfigSection.root(config), policies);
    }

    public static ComplaintSettings from(ConfigSection root, SlaPolicies policies) {
        ConfigSection section = root.section("complaints");
        List<String> categories = section.strings("categories").stream()
            .map(c -> c.toLowerCase(Locale.ROOT)).distinct().toList();
        if (categories.isEmpty()) {
            throw section.bad("categories", "needs at least one category");
        }
        ConfigSection sweeper = section.section("sweeper");
        ConfigSection followUp = section.section("follow_up");
        String calendarName = followUp.string("calendar");
        BusinessCalendar calendar;
        try {
            calendar = policies.calendar(calendarName);
        } catch (IllegalArgumentException e) {
            throw followUp.bad("calendar", "no calendar named '" + calendarName + "' under sla.calendars");
        }
        ConfigSection notify = section.section("notify");
        // Live: administrators change the categories from their pages while the server runs.
        return new ComplaintSettings(LiveList.of(categories),
            section.positiveInt("subject_max"),
            section.positiveInt("description_max"),
            section.positiveInt("note_max"),
            sweeper.positiveInt("tick_ms"),
            sweeper.positiveInt("fallback_scan_s") * 1000L,
            sweeper.positiveInt("batch"),
            SlaPolicies.duration(followUp, "due", calendar),
            calendar,
            notify.strings("supervisors"),
            notify.strings("managers"),
            section.section("board").positiveInt("cards_per_section"),
            followUp.positiveInt("attempts"));
    }
}

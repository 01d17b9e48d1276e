package org.calldesk.platform;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;

/** The {@code display} config section; an empty time zone is the server's own. */
public record DisplaySettings(String timeZone) {

    public static DisplaySettings from(ConfigSection root) {
        ConfigSection display = root.section("display");
        String zone = display.stringOrEmpty("time_zone");
        if (!zone.isEmpty()) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw display.bad("time_zone", "unknown time zone '" + zone + "'");
            }
        }
        return new DisplaySettings(zone);
    }

    /** The clock in the display time zone: boards count "today" in it. */
    public Clock clock() {
        return timeZone.isEmpty() ? Clock.systemDefaultZone() : Clock.system(ZoneId.of(timeZone));
    }
}

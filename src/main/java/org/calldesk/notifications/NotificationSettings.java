package org.calldesk.notifications;

import org.calldesk.platform.ConfigSection;

import java.time.Duration;

/** The {@code notifications} config section: how long an acknowledged notification stays in the list. */
public record NotificationSettings(Duration keepAcknowledged) {

    public static NotificationSettings from(ConfigSection root) {
        ConfigSection section = root.section("notifications");
        return new NotificationSettings(Duration.ofDays(section.positiveInt("keep_acknowledged_days")));
    }
}

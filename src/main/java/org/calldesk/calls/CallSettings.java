package org.calldesk.calls;

import org.calldesk.platform.ConfigSection;

import java.util.List;

/** The {@code calls} config section. */
public record CallSettings(List<String> dispositions, OutboxSettings outbox) {

    public static CallSettings from(ConfigSection root) {
        ConfigSection calls = root.section("calls");
        List<String> dispositions = calls.strings("dispositions");
        if (dispositions.isEmpty()) {
            throw calls.bad("dispositions", "needs at least one, or no call can be closed");
        }
        return new CallSettings(dispositions, OutboxSettings.from(calls));
    }
}

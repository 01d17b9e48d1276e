package org.calldesk.calls;

import org.calldesk.platform.ConfigSection;
import org.calldesk.platform.LiveList;

import java.util.List;

/** The {@code calls} config section. */
public record CallSettings(List<String> dispositions, OutboxSettings outbox) {

    public static CallSettings from(ConfigSection root) {
        ConfigSection calls = root.section("calls");
        List<String> dispositions = calls.strings("dispositions");
        if (dispositions.isEmpty()) {
            throw calls.bad("dispositions", "needs at least one, or no call can be closed");
        }
        // Live: administrators change the dispositions from their pages while the server runs.
        return new CallSettings(LiveList.of(dispositions), OutboxSettings.from(calls));
    }
}

package org.calldesk.agents;

import org.calldesk.platform.ConfigSection;
import org.calldesk.platform.LiveList;

import java.util.List;

/** The {@code agents} config section: what the agent console offers. */
public record AgentSettings(List<String> pauseReasons) {

    public static AgentSettings from(ConfigSection root) {
        ConfigSection agents = root.section("agents");
        List<String> reasons = agents.strings("pause_reasons");
        if (reasons.isEmpty()) {
            throw agents.bad("pause_reasons", "needs at least one reason");
        }
        // Live: administrators change the reasons from their pages while the server runs.
        return new AgentSettings(LiveList.of(reasons));
    }
}

package org.calldesk.app;

import org.calldesk.platform.ConfigSection;

/**
 * The {@code demo} config section.
 *
 * @param agentInterface demo agent N's phone, with {@code {ext}} standing for extension 1000 + N
 * @param allowOnNetwork whether demo mode may serve a non-loopback address, where anyone could log in as admin/demo
 */
public record DemoSettings(boolean enabled, int customers, long seed, double callsPerMinute, String agentInterface,
                           boolean allowOnNetwork) {

    static final String EXTENSION = "{ext}";

    public static DemoSettings from(ConfigSection root) {
        ConfigSection demo = root.section("demo");
        String agentInterface = demo.string("agent_interface");
        if (!agentInterface.contains(EXTENSION)) {
            // Without it every demo agent would get the same phone, and all but the first would be refused.
            throw demo.bad("agent_interface", "must contain " + EXTENSION + ", e.g. PJSIP/" + EXTENSION);
        }
        return new DemoSettings(demo.bool("enabled"), demo.nonNegativeInt("customers"), demo.wholeNumber("seed"),
            demo.nonNegativeDouble("calls_per_minute"), agentInterface, demo.bool("allow_on_network"));
    }

    /** Demo agent {@code n}'s phone: PJSIP/1001 for agent1 with the shipped setting. */
    public String interfaceOf(int n) {
        return agentInterface.replace(EXTENSION, String.valueOf(1000 + n));
    }
}

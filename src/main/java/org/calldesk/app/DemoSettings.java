package org.calldesk.app;

import org.calldesk.platform.ConfigSection;

/** The {@code demo} config section. */
public record DemoSettings(boolean enabled, int customers, long seed, double callsPerMinute) {

    public static DemoSettings from(ConfigSection root) {
        ConfigSection demo = root.section("demo");
        return new DemoSettings(demo.bool("enabled"), demo.nonNegativeInt("customers"), demo.wholeNumber("seed"),
            demo.nonNegativeDouble("calls_per_minute"));
    }
}

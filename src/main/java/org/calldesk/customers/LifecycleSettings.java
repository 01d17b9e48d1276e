package org.calldesk.customers;

import org.calldesk.platform.ConfigSection;

/** The {@code lifecycle} config section: the days that make a customer new, dormant or churned. */
public record LifecycleSettings(int newDays, int dormantDays, int churnedDays) {

    public static LifecycleSettings from(ConfigSection root) {
        ConfigSection lifecycle = root.section("lifecycle");
        return new LifecycleSettings(lifecycle.positiveInt("new_days"), lifecycle.positiveInt("dormant_days"),
            lifecycle.positiveInt("churned_days"));
    }
}

package org.calldesk.platform;

/** The {@code security} config section: login throttling and password hashing. */
public record SecuritySettings(int loginMaxFailures, int loginDelaySeconds, int loginDelayMaxSeconds,
                               int loginFailuresKeptSeconds, int pbkdf2Iterations) {

    public static SecuritySettings from(ConfigSection root) {
        ConfigSection security = root.section("security");
        return new SecuritySettings(security.positiveInt("login_max_failures"),
            security.positiveInt("login_delay_seconds"), security.positiveInt("login_delay_max_seconds"),
            security.positiveInt("login_failures_kept_seconds"), security.positiveInt("pbkdf2_iterations"));
    }
}

package org.calldesk.platform;

/** The {@code http} config section. */
public record HttpSettings(int port, String host, int instances, int sessionTimeoutMinutes) {

    public static HttpSettings from(ConfigSection root) {
        ConfigSection http = root.section("http");
        return new HttpSettings(http.nonNegativeInt("port"), http.string("host"), http.nonNegativeInt("instances"),
            http.positiveInt("session_timeout_minutes"));
    }

    /** Verticle instances to deploy: as configured, or one per core when 0. */
    public int verticles() {
        return instances > 0 ? instances : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}

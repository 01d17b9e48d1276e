package org.calldesk.platform;

import java.time.Duration;

/**
 * The {@code http} config section.
 *
 * @param sessionIdle how long a browser session lives without a request
 * @param sessionMax  how long a session lives after its login, however busy
 */
public record HttpSettings(int port, String host, int instances, Duration sessionIdle, Duration sessionMax) {

    public static HttpSettings from(ConfigSection root) {
        ConfigSection http = root.section("http");
        return new HttpSettings(http.nonNegativeInt("port"), http.string("host"), http.nonNegativeInt("instances"),
            Duration.ofMinutes(http.positiveInt("session_timeout_minutes")),
            Duration.ofHours(http.positiveInt("session_max_hours")));
    }

    /** Verticle instances to deploy: as configured, or one per core when 0. */
    public int verticles() {
        return instances > 0 ? instances : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}

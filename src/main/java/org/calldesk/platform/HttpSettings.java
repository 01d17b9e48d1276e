package org.calldesk.platform;

import java.time.Duration;

/**
 * The {@code http} config section.
 *
 * @param sessionIdle   how long a browser session lives without a request
 * @param sessionMax    how long a session lives after its login, however busy
 * @param secureCookies mark the session cookie Secure, for a calldesk that browsers reach over HTTPS
 * @param scrapeToken   the bearer token that opens /metrics and the /health detail without an admin's session;
 *                      empty: only admins' sessions do
 */
public record HttpSettings(int port, String host, int instances, Duration sessionIdle, Duration sessionMax,
                           boolean secureCookies, String scrapeToken) {

    public static HttpSettings from(ConfigSection root) {
        ConfigSection http = root.section("http");
        return new HttpSettings(http.nonNegativeInt("port"), http.string("host"), http.nonNegativeInt("instances"),
            Duration.ofMinutes(http.positiveInt("session_timeout_minutes")),
            Duration.ofHours(http.positiveInt("session_max_hours")), http.bool("secure_cookies"),
            http.stringOrEmpty("scrape_token"));
    }

    /** Verticle instances to deploy: as configured, or one per core when 0. */
    public int verticles() {
        return instances > 0 ? instances : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Without the scrape token: settings get logged. */
    @Override
    public String toString() {
        return "HttpSettings[port=" + port + ", host=" + host + ", instances=" + instances + ", sessionIdle=" + sessionIdle
            + ", sessionMax=" + sessionMax + ", secureCookies=" + secureCookies + ", scrapeToken="
            + (scrapeToken.isEmpty() ? "none" : "set") + "]";
    }
}

package org.calldesk.calls;

import org.calldesk.platform.ConfigSection;

/**
 * The {@code calls.outbox} config section: how long a write to PostgreSQL may take before what it carried is kept on
 * disk instead, how often the oldest kept entry is tried again, and how much the outbox may hold.
 */
public record OutboxSettings(long writeTimeoutMs, long retryFirstMs, long retryMaxMs, int maxEntries, long maxBytes) {

    static OutboxSettings from(ConfigSection calls) {
        ConfigSection outbox = calls.section("outbox");
        long first = outbox.positiveInt("retry_first_ms");
        long max = outbox.positiveInt("retry_max_ms");
        if (max < first) {
            throw outbox.bad("retry_max_ms", "must not be below retry_first_ms (" + first + ")");
        }
        return new OutboxSettings(outbox.positiveInt("write_timeout_ms"), first, max, outbox.positiveInt("max_entries"),
            outbox.positiveInt("max_mb") * 1024L * 1024L);
    }
}

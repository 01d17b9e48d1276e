package org.calldesk.worklist;

import org.calldesk.platform.ConfigSection;

import java.time.Duration;
import java.time.Instant;

/**
 * The {@code calls.callbacks} config section, and the arithmetic of a callback's life: when the next attempt is due
 * after an unanswered one, when the request is given up, when it expires, when a claim whose outcome never came may
 * be taken again.
 */
public record CallbackSettings(int maxAttempts, Duration retryFirst, Duration retryMax, Duration expiry,
                               Duration claimTimeout) {

    public CallbackSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max_attempts must be at least 1");
        }
        if (retryMax.compareTo(retryFirst) < 0) {
            throw new IllegalArgumentException("retry_max_s must not be below retry_first_s");
        }
    }

    public static CallbackSettings from(ConfigSection root) {
        ConfigSection callbacks = root.section("calls").section("callbacks");
        int first = callbacks.positiveInt("retry_first_s");
        int max = callbacks.positiveInt("retry_max_s");
        if (max < first) {
            throw callbacks.bad("retry_max_s", "must not be below retry_first_s (" + first + ")");
        }
        return new CallbackSettings(callbacks.positiveInt("max_attempts"), Duration.ofSeconds(first),
                Duration.ofSeconds(max), Duration.ofHours(callbacks.positiveInt("expire_h")),
                Duration.ofSeconds(callbacks.positiveInt("claim_timeout_s")));
    }

    /**
     * After attempt number {@code attempts} (1 = the first) reached nobody: the next is due after
     * {@code retry_first}, doubling per attempt, never more than {@code retry_max}.
     */
    public Instant nextAttemptAt(int attempts, Instant now) {
        Duration wait = retryFirst;
        for (int i = 1; i < attempts && wait.compareTo(retryMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return now.plus(wait.compareTo(retryMax) > 0 ? retryMax : wait);
    }

    /** No attempt left after {@code attempts} calls that reached nobody. */
    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }

    /** Requests made before this have expired. */
    public Instant expiredBefore(Instant now) {
        return now.minus(expiry);
    }

    /** Claims taken before this whose outcome never came (the claiming node was lost) may be taken again. */
    public Instant staleClaimBefore(Instant now) {
        return now.minus(claimTimeout);
    }
}

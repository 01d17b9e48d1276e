package org.calldesk.worklist;

import org.calldesk.platform.Config;
import org.calldesk.platform.ConfigSection;
import org.calldesk.telephony.Originations;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arithmetic of a callback's life, and what each way a click-to-call ends counts as. */
class CallbackLifecycleTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final CallbackSettings settings = new CallbackSettings(4, Duration.ofMinutes(15), Duration.ofMinutes(50),
            Duration.ofHours(48), Duration.ofMinutes(5));

    @Test
    @DisplayName("after each attempt that reached nobody the next waits twice as long, never longer than the maximum")
    void backOff() {
        assertEquals(NOW.plus(Duration.ofMinutes(15)), settings.nextAttemptAt(1, NOW));
        assertEquals(NOW.plus(Duration.ofMinutes(30)), settings.nextAttemptAt(2, NOW));
        assertEquals(NOW.plus(Duration.ofMinutes(50)), settings.nextAttemptAt(3, NOW), "60 min capped at 50");
        assertEquals(NOW.plus(Duration.ofMinutes(50)), settings.nextAttemptAt(40, NOW), "no overflow however many");
    }

    @Test
    @DisplayName("a request is given up after max_attempts calls that reached nobody, not before")
    void limit() {
        assertFalse(settings.exhausted(1));
        assertFalse(settings.exhausted(3));
        assertTrue(settings.exhausted(4));
    }

    @Test
    @DisplayName("requests older than expire_h have expired; claims older than claim_timeout_s are stale")
    void expiryAndStaleClaims() {
        assertEquals(Instant.parse("2026-11-29T10:00:00Z"), settings.expiredBefore(NOW));
        assertEquals(Instant.parse("2026-12-01T09:55:00Z"), settings.staleClaimBefore(NOW));
    }

    @Test
    @DisplayName("the shipped file: 3 attempts, 15 min doubling up to 2 h, expiry after 48 h; a maximum below the first is refused")
    void shipped() {
        CallbackSettings shipped = CallbackSettings.from(ConfigSection.root(Config.defaults()));
        assertEquals(3, shipped.maxAttempts());
        assertEquals(NOW.plus(Duration.ofMinutes(15)), shipped.nextAttemptAt(1, NOW));
        assertEquals(NOW.plus(Duration.ofHours(2)), shipped.nextAttemptAt(5, NOW));
        assertEquals(Duration.ofHours(48), shipped.expiry());
        assertThrows(IllegalArgumentException.class, () -> new CallbackSettings(3, Duration.ofMinutes(10),
                Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> new CallbackSettings(0, Duration.ofMinutes(10),
                Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofMinutes(1)));
    }

    @Test
    @DisplayName("outcomes: the customer's DIALSTATUS names no answer and busy; a failure before the agent answered is the agent's phone")
    void outcomes() {
        var connected = new Originations.Progress("c2c-1", Originations.Stage.CONNECTED, "the customer answered", "ANSWER");
        var noAnswer = new Originations.Progress("c2c-1", Originations.Stage.FAILED, "the customer did not answer", "NOANSWER");
        var busy = new Originations.Progress("c2c-1", Originations.Stage.FAILED, "the customer's line is busy", "BUSY");
        var unreachable = new Originations.Progress("c2c-1", Originations.Stage.FAILED, "…", "CHANUNAVAIL");
        var hungUp = new Originations.Progress("c2c-1", Originations.Stage.FAILED, "the call ended before the customer answered");
        var agentPhone = new Originations.Progress("c2c-1", Originations.Stage.FAILED, "the agent's phone did not answer");

        assertEquals(Attempts.Outcome.CONNECTED, Attempts.outcome(connected, true));
        assertEquals(Attempts.Outcome.NO_ANSWER, Attempts.outcome(noAnswer, true));
        assertEquals(Attempts.Outcome.BUSY, Attempts.outcome(busy, true));
        assertEquals(Attempts.Outcome.FAILED, Attempts.outcome(unreachable, true));
        assertEquals(Attempts.Outcome.FAILED, Attempts.outcome(hungUp, true));
        assertEquals(Attempts.Outcome.AGENT_UNREACHABLE, Attempts.outcome(agentPhone, false));
        assertFalse(Attempts.Outcome.AGENT_UNREACHABLE.reachedCustomerLeg(), "not counted against the callback");
        assertEquals("no_answer", Attempts.Outcome.NO_ANSWER.code());
    }
}

package org.calldesk.routing;

import java.time.Instant;
import java.util.Objects;

/**
 * One of the caller's open complaints, as the agent who answers should see it. The codes are the complaint
 * desk's ({@code critical}, {@code in_progress}, {@code at_risk}…): routing and the pop pass them on, never decide by them.
 *
 * @param resolutionDue null while the clock is paused
 * @param breachAt      null while the clock is paused
 */
public record OpenComplaint(long id, String subject, String severity, String status, Instant resolutionDue,
                            Instant breachAt, String slaState) {

    public OpenComplaint {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(slaState, "slaState");
    }
}

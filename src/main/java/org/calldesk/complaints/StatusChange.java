package org.calldesk.complaints;

import java.time.Instant;
import java.util.Objects;

/** One row of a complaint's audit trail, as far as the SLA clock cares: when it moved, and to what. */
public record StatusChange(Instant at, ComplaintStatus status) {

    public StatusChange {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(status, "status");
    }

    public static StatusChange of(Instant at, String status) {
        return new StatusChange(at, ComplaintStatus.parse(status));
    }
}

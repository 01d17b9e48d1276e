package org.calldesk.platform;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The request is well formed but clashes with the current state: a number already taken, a move not allowed now. */
public final class Conflict extends DomainException {

    private final Map<String, Object> details;

    public Conflict(String message) {
        this(message, Map.of());
    }

    /** @param details what a client needs to resolve the clash itself, such as the id of the record already there */
    public Conflict(String message, Map<String, ?> details) {
        super(message);
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public Map<String, Object> details() {
        return details;
    }
}

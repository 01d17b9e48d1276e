package org.calldesk.platform;

/** The thing asked for does not exist (or no longer does). */
public final class NotFound extends DomainException {

    public NotFound(String message) {
        super(message);
    }
}

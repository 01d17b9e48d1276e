package org.calldesk.platform;

/**
 * A request the domain refuses, in the domain's words. Stores throw these rather than HTTP errors because the
 * same store also answers the command line; only the web edge turns them into status codes. They are answers,
 * not bugs, so they carry no stack trace.
 */
public abstract sealed class DomainException extends RuntimeException permits NotFound, Conflict, Invalid, Forbidden {

    protected DomainException(String message) {
        super(message, null, false, false);
    }
}

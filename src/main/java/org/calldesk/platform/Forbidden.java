package org.calldesk.platform;

/** The actor may not do this to this thing, whatever their role lets them do elsewhere. */
public final class Forbidden extends DomainException {

    public Forbidden(String message) {
        super(message);
    }
}

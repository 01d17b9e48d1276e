package org.calldesk.routing;

import java.util.Objects;

/** The customer's own agent: who, how to ring them ({@code PJSIP/agent3}), and whether they are free now. */
public record AccountManager(String username, String dialString, boolean free) {

    public AccountManager {
        Objects.requireNonNull(username, "username");
    }

    public boolean canRing() {
        return free && dialString != null && !dialString.isBlank();
    }
}

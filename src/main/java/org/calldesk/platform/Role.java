package org.calldesk.platform;

import java.util.Locale;

/** Roles in rising order of power: each may do what the ones below it may. */
public enum Role {
    AGENT, SUPERVISOR, ADMIN;

    public static Role of(String name) {
        if (name == null) {
            throw new IllegalArgumentException("role is missing");
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + name + "' (agent, supervisor or admin)");
        }
    }

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

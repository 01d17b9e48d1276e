package org.calldesk.notifications;

import org.calldesk.platform.Role;

/** Whom a notification is for: one agent (by id), or everyone of a role and above (a role row is shared: one ack for all). */
public record Recipient(Long agentId, Role role) {

    public Recipient {
        if ((agentId == null) == (role == null)) {
            throw new IllegalArgumentException("a notification goes to an agent or to a role, exactly one of them");
        }
    }

    public static Recipient agent(long agentId) {
        return new Recipient(agentId, null);
    }

    public static Recipient role(Role role) {
        return new Recipient(null, role);
    }
}

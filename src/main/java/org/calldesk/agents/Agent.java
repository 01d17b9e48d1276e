package org.calldesk.agents;

import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;

import io.vertx.sqlclient.Row;

import java.util.Arrays;
import java.util.List;

/** Someone who logs in: an agent on the phones, a supervisor, or an administrator. */
public record Agent(long id, String username, String displayName, Role role, String iface,
                    List<String> queues, List<String> skills, String team) {

    public static Agent from(Row row) {
        return new Agent(
                row.getLong("id"),
                row.getString("username"),
                row.getString("display_name"),
                Role.of(row.getString("role")),
                row.getString("interface"),
                list(row.getArrayOfStrings("queues")),
                list(row.getArrayOfStrings("skills")),
                row.getString("team"));
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }

    /** What the session keeps about the logged-in user. */
    public SessionUser sessionUser() {
        return new SessionUser(id, username, displayName, role, iface);
    }
}

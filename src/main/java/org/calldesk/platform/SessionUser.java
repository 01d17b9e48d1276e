package org.calldesk.platform;

/** The signed-in user, as the session keeps them from login to logout. {@code iface} is their phone, if they have one. */
public record SessionUser(long id, String username, String displayName, Role role, String iface) {
}

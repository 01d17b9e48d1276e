package org.calldesk.web;

import org.calldesk.platform.ConfigSection;

/**
 * The {@code http.websocket} config section.
 *
 * @param backlogBytes how much a browser socket may have waiting to be written before it is closed as too far behind
 */
public record SocketSettings(long backlogBytes) {

    public static SocketSettings from(ConfigSection root) {
        ConfigSection websocket = root.section("http").section("websocket");
        return new SocketSettings(websocket.positiveInt("backlog_kb") * 1024L);
    }
}

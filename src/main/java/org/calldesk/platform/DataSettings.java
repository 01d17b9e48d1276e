package org.calldesk.platform;

import java.nio.file.Path;

/** The {@code data} config section: where the embedded servers keep their files. */
public record DataSettings(Path dir) {

    public static DataSettings from(ConfigSection root) {
        return new DataSettings(Path.of(root.section("data").string("dir")));
    }
}

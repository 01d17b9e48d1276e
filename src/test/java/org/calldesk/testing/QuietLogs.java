package org.calldesk.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Asterisk-Java logs every wire event at DEBUG; the project has no test logging config of its own yet. */
public final class QuietLogs {

    private QuietLogs() {}

    public static void apply() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        ((Logger) LoggerFactory.getLogger("org.asteriskjava")).setLevel(Level.ERROR);
        // The captures hold Asterisk's replies to the recording client's actions; Asterisk-Java logs each
        // reply it cannot match to an action of its own as an error.
        ((Logger) LoggerFactory.getLogger("org.asteriskjava.manager.internal.ManagerConnectionImpl")).setLevel(Level.OFF);
        ((Logger) LoggerFactory.getLogger("io.zonky")).setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger("org.flywaydb")).setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(Level.WARN);
    }
}

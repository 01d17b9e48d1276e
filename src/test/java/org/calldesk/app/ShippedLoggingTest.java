package org.calldesk.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import org.asteriskjava.manager.event.ChanSpyStartEvent;
import org.asteriskjava.util.ReflectionUtil;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The logging config in the jar, read as the server reads it (tests run with logback-test.xml instead). */
class ShippedLoggingTest {

    private static final String SETTER_CACHE = "org.asteriskjava.util.ReflectionUtil";

    @Test
    @DisplayName("the shipped logging config drops Asterisk-Java's 'multiple setters' warnings and keeps its other warnings")
    void setterWarningsOnly() throws JoranException {
        LoggerContext shipped = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(shipped);
        configurator.doConfigure(ShippedLoggingTest.class.getResource("/logback.xml"));
        try {
            assertFalse(shipped.getLogger(SETTER_CACHE).isWarnEnabled());
            assertTrue(shipped.getLogger(SETTER_CACHE).isErrorEnabled());
            assertTrue(shipped.getLogger("org.asteriskjava.manager.internal.ManagerConnectionImpl").isWarnEnabled());
            assertTrue(shipped.getLogger("org.asteriskjava.fastagi.DefaultAgiServer").isWarnEnabled());
            assertTrue(shipped.getLogger("org.calldesk.telephony.AmiBridge").isInfoEnabled());
        } finally {
            shipped.stop();
        }
    }

    @Test
    @DisplayName("the 'multiple setters' warnings come from the logger the shipped config names")
    void warningsComeFromThatLogger() {
        Logger logger = (Logger) LoggerFactory.getLogger(SETTER_CACHE);
        Level before = logger.getLevel();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        logger.setLevel(Level.WARN);
        try {
            // The setter cache is per class and per JVM: ChanSpyStart is an event neither the simulator nor the
            // captures send, so no other test has built its entry yet.
            ReflectionUtil.getSetters(ChanSpyStartEvent.class);
        } finally {
            logger.setLevel(before);
            logger.detachAppender(seen);
        }
        assertTrue(seen.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().startsWith("multiple setters")), String.valueOf(seen.list));
    }

    @Test
    @SuppressWarnings("unchecked")
    @DisplayName("a newline in what a user typed cannot forge a log line, and each line starts with its date")
    void oneEventOneDatedLine() throws JoranException {
        LoggerContext shipped = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(shipped);
        configurator.doConfigure(ShippedLoggingTest.class.getResource("/logback.xml"));
        try {
            Logger logger = shipped.getLogger("org.calldesk.agents.AuthRoutes");
            OutputStreamAppender<ILoggingEvent> console =
                (OutputStreamAppender<ILoggingEvent>) shipped.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console");
            LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "failed login for '{}'", null,
                new Object[]{"bob'\n2026-12-01T09:00:00.000+08:00 INFO  [main] a.AuthRoutes - admin logged in as admin\r\u001b[2J"});
            String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);

            assertTrue(line.matches("(?s)\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO .*"), line);
            assertEquals(line.length() - 1, line.indexOf('\n'), "the event's own line break is its only one: " + line);
            assertFalse(line.contains("\r") || line.contains("\u001b"), line);
            assertTrue(line.contains("failed login for 'bob'\\n2026-12-01T09:00:00.000+08:00 INFO"), line);
            assertTrue(line.contains("\\r\\u001b[2J"), line);
        } finally {
            shipped.stop();
        }
    }
}

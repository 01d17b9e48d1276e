package org.calldesk.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that starts something that listens or runs beside the JVM: the shared calldesk server, a
 * PostgreSQL or Redis, the switch simulator, a fake AMI or AGI server, a child process. Such tests take seconds
 * each; the rest are pure logic and run in seconds all together with {@code -DexcludedGroups=server}.
 * {@code TestGroupsTest} fails the build when a test that uses one of those lacks this tag.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("server")
public @interface ServerTest {}

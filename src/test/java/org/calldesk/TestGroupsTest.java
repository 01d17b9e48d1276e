package org.calldesk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The split of README's "Test it", enforced: the quick run ({@code -DexcludedGroups=server}) leaves out the tests
 * tagged {@link ServerTest}, so a test that starts a server without the tag would slow it down, or fail in it
 * where nothing may listen.
 */
class TestGroupsTest {

    /** Whatever a test uses that starts a server, a database, the simulator or a process. */
    static final Set<String> STARTS_SOMETHING = Set.of(
        "org.calldesk.TestServer", "org.calldesk.Http", "org.calldesk.Phones",
        "org.calldesk.testing.TestDatabase", "org.calldesk.testing.DatabasePerClass", "org.calldesk.testing.TestRedis", "org.calldesk.testing.FakeAmi",
        "org.calldesk.testing.Captures", "org.calldesk.testing.PhoneRig", "org.calldesk.testing.ChildServer", "org.calldesk.sim.SimTestBase",
        "org.calldesk.app.Calldesk", "org.calldesk.web.WebVerticle", "org.calldesk.telephony.AgiServer", "org.calldesk.sim.SwitchSimulator",
        "io.zonky.test.db.postgres.embedded.EmbeddedPostgres", "redis.embedded.RedisServer", "java.lang.ProcessBuilder",
        "org.calldesk.cluster.ClusterVertx", "io.vertx.spi.cluster.hazelcast.HazelcastClusterManager");

    @Test
    @DisplayName("every test class that starts a server, a database, the simulator or a process is tagged @ServerTest")
    void serverTestsAreTagged() {
        JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("org.calldesk");
        classes().that().haveSimpleNameEndingWith("Test").and(startSomething(tests))
            .should().beAnnotatedWith(ServerTest.class)
            .check(tests);
    }

    /** Looks into the class's nested and anonymous classes too: a server can start in any of them. */
    private static DescribedPredicate<JavaClass> startSomething(JavaClasses all) {
        return DescribedPredicate.describe("start a server", test -> all.stream()
            .filter(c -> c.equals(test) || c.getName().startsWith(test.getName() + "$"))
            .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
            .anyMatch(d -> STARTS_SOMETHING.contains(d.getTargetClass().getName())));
    }
}

package org.calldesk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.calldesk.web.HttpError;
import org.calldesk.web.WebVerticle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The package map of README.md ("Architecture"), enforced: packages sit on floors and use only packages on
 * lower floors; nothing forms a cycle; the switch simulator is reached only over TCP.
 */
class ArchitectureTest {

    /** Lowest floor first. Packages on one floor do not use each other either. */
    static final List<List<String>> FLOORS = List.of(
        List.of("platform"),
        List.of("calendar", "web"),
        List.of("customers", "agents", "notifications"),
        List.of("telephony"),
        List.of("routing"),
        List.of("screenpop", "complaints", "calls"),
        List.of("board", "worklist", "admin", "reports"),
        List.of("cluster"),
        List.of("app"),
        List.of("bench"));

    private static JavaClasses classes;

    @BeforeAll
    static void importMain() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.calldesk");
    }

    @Test
    @DisplayName("no two packages of calldesk depend on each other, directly or round a longer cycle")
    void noCycles() {
        slices().matching("org.calldesk.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    @DisplayName("every package uses only the packages on the floors below it")
    void floors() {
        for (int floor = 0; floor < FLOORS.size(); floor++) {
            for (String pkg : FLOORS.get(floor)) {
                List<String> notBelow = new ArrayList<>();
                for (int other = 0; other < FLOORS.size(); other++) {
                    if (other >= floor) {
                        FLOORS.get(other).stream().filter(p -> !p.equals(pkg)).forEach(p -> notBelow.add("org.calldesk." + p + ".."));
                    }
                }
                if (notBelow.isEmpty()) {
                    continue;
                }
                noClasses().that().resideInAPackage("org.calldesk." + pkg + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(notBelow.toArray(String[]::new))
                    .because(pkg + " sits on floor " + floor + " of the package map")
                    .check(classes);
            }
        }
    }

    @Test
    @DisplayName("the switch simulator uses nothing of calldesk, and only the composition root and the benchmark start it")
    void simulatorStandsAlone() {
        noClasses().that().resideInAPackage("org.calldesk.sim..")
            .should().dependOnClassesThat().resideInAnyPackage(everyPackageBut("sim"))
            .because("calldesk reaches the simulator over TCP only, as it reaches a real Asterisk")
            .check(classes);
        noClasses().that().resideOutsideOfPackages("org.calldesk.sim..", "org.calldesk.app..", "org.calldesk.bench..")
            .should().dependOnClassesThat().resideInAPackage("org.calldesk.sim..")
            .check(classes);
    }

    @Test
    @DisplayName("telephony knows no routing policy, screen pop, complaint, call history or board")
    void telephonyKnowsNoFeature() {
        noClasses().that().resideInAPackage("org.calldesk.telephony..")
            .should().dependOnClassesThat().resideInAnyPackage("org.calldesk.routing..", "org.calldesk.screenpop..",
                "org.calldesk.complaints..", "org.calldesk.calls..", "org.calldesk.board..", "org.calldesk.customers..",
                "org.calldesk.agents..", "org.calldesk.web..")
            .check(classes);
    }

    @Test
    @DisplayName("web is plumbing: it imports no feature; the composition root assembles the routes")
    void webImportsNoFeature() {
        noClasses().that().resideInAPackage("org.calldesk.web..")
            .should().dependOnClassesThat().resideInAnyPackage(everyPackageBut("web", "platform"))
            .check(classes);
    }

    @Test
    @DisplayName("every package says in its package-info what it owns")
    void everyPackageDescribed() {
        List<String> all = new ArrayList<>(FLOORS.stream().flatMap(List::stream).toList());
        all.add("sim");
        for (String pkg : all) {
            String info = "org.calldesk." + pkg + ".package-info";
            org.junit.jupiter.api.Assertions.assertTrue(classes.contain(info), "missing " + info);
        }
        Set<String> mapped = all.stream().map(p -> "org.calldesk." + p).collect(Collectors.toCollection(TreeSet::new));
        Set<String> found = classes.stream().map(JavaClass::getPackageName).collect(Collectors.toCollection(TreeSet::new));
        org.junit.jupiter.api.Assertions.assertEquals(mapped, found,
            "every package of calldesk is on a floor of the map, and has no sub-packages");
    }

    @Test
    @DisplayName("status codes belong to the HTTP edge: outside web, only route classes use HttpError")
    void onlyTheEdgeSpeaksHttp() {
        noClasses().that().resideOutsideOfPackage("org.calldesk.web..").and().doNotImplement(WebVerticle.Routes.class)
            .should().dependOnClassesThat().areAssignableTo(HttpError.class)
            .because("stores also serve the command line; they throw platform's domain exceptions, which web maps to status codes")
            .check(classes);
    }

    private static String[] everyPackageBut(String... kept) {
        List<String> all = new ArrayList<>(FLOORS.stream().flatMap(List::stream).toList());
        all.add("sim");
        all.removeAll(List.of(kept));
        return all.stream().map(p -> "org.calldesk." + p + "..").toArray(String[]::new);
    }
}

package org.calldesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.calldesk.DependencyCheck.Artifact;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The versions calldesk resolves, held against the checked-in deny list and README's pinned versions. */
class DependencyVersionsTest {

    private static final Set<Artifact> RESOLVED = DependencyCheck.onClassPath();

    @Test
    @DisplayName("no library on the class path has a version denied-dependencies.txt names")
    void nothingDenied() {
        assertTrue(RESOLVED.stream().anyMatch(a -> a.artifact().equals("netty-codec-http")),
            "the class path scan found no netty-codec-http, so it read nothing: " + RESOLVED);
        assertEquals(List.of(), DependencyCheck.violations(RESOLVED, DependencyCheck.denyList()));
    }

    @Test
    @DisplayName("every Netty module is 4.2.17 or later, the releases with the HTTP/1.1 request-smuggling fixes")
    void nettyHasTheSmugglingFixes() {
        List<Artifact> netty = RESOLVED.stream().filter(a -> a.group().equals("io.netty")).toList();
        assertFalse(netty.isEmpty());
        netty.forEach(a -> assertTrue(DependencyCheck.compareVersions(a.version(), "4.2.17.Final") >= 0, a.toString()));
        assertEquals(1, netty.stream().map(Artifact::version).distinct().count(), "Netty modules of mixed versions: " + netty);
    }

    @Test
    @DisplayName("README's security section names the Netty version that actually resolves")
    void readmeNamesNetty() throws IOException {
        String netty = RESOLVED.stream().filter(a -> a.artifact().equals("netty-codec-http")).findFirst().orElseThrow().version();
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.lines().anyMatch(line -> line.contains("`io.netty`") && line.contains(netty)),
            "README.md should list io.netty at " + netty);
    }

    @Test
    @DisplayName("a rule denies the versions below it, or the one it names, and nothing else")
    void rulesMatchWhatTheySay() {
        List<DependencyCheck.Rule> rules = DependencyCheck.parse(List.of(
            "# comment", "", "io.netty:*  < 4.2.17.Final  smuggling", "com.example:lib = 1.2 bad release"));
        Artifact vertxBomNetty = new Artifact("io.netty", "netty-codec-http", "4.2.12.Final");

        assertEquals(1, DependencyCheck.violations(List.of(vertxBomNetty), rules).size());
        assertEquals(List.of(), DependencyCheck.violations(List.of(
            new Artifact("io.netty", "netty-codec-http", "4.2.17.Final"),
            new Artifact("io.netty", "netty-common", "4.10.0.Final"),
            new Artifact("io.nettyx", "netty-common", "4.2.0.Final"),
            new Artifact("com.example", "lib", "1.2.1"),
            new Artifact("com.example", "other", "1.2")), rules));
        assertEquals(1, DependencyCheck.violations(List.of(new Artifact("com.example", "lib", "1.2.0")), rules).size());
        assertTrue(DependencyCheck.compareVersions("32.1.2-jre", "32.0.0") > 0);
        assertThrows(IllegalArgumentException.class, () -> DependencyCheck.parse(List.of("io.netty:* <= 4.2.17")));
        assertThrows(IllegalArgumentException.class, () -> DependencyCheck.parse(List.of("io.netty < 4.2.17")));
    }
}

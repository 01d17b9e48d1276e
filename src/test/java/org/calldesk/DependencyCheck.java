package org.calldesk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which library versions calldesk actually resolves, read from the {@code META-INF/maven/…/pom.properties} that
 * Maven-built jars carry, held against the checked-in {@code denied-dependencies.txt}. CI has no vulnerability
 * database to ask, so the list is kept by hand; this makes sure nobody ships past it, whether a BOM, a transitive
 * dependency or an upgrade brought the version in. Uses only the JDK: {@code .ci/run} runs it on the shaded jar
 * with nothing but {@code target/test-classes} on the class path.
 */
public final class DependencyCheck {

    static final String DENY_LIST = "denied-dependencies.txt";
    private static final Pattern RULE = Pattern.compile("([^\\s:]+):(\\S+)\\s+([<=])\\s+(\\S+)\\s*(.*)");
    private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom\\.properties");

    private DependencyCheck() {}

    /** One resolved library. */
    public record Artifact(String group, String artifact, String version) implements Comparable<Artifact> {
        @Override
        public int compareTo(Artifact other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return group + ":" + artifact + ":" + version;
        }
    }

    /** A line of the deny list: {@code group:artifact < version why} or {@code = version}; artifact may be {@code *}. */
    public record Rule(String group, String artifact, boolean below, String version, String why) {
        public boolean denies(Artifact a) {
            if (!group.equals(a.group()) || !(artifact.equals("*") || artifact.equals(a.artifact()))) {
                return false;
            }
            int order = compareVersions(a.version(), version);
            return below ? order < 0 : order == 0;
        }

        @Override
        public String toString() {
            return group + ":" + artifact + " " + (below ? "<" : "=") + " " + version + " (" + why + ")";
        }
    }

    public static List<Rule> denyList() {
        try (InputStream in = DependencyCheck.class.getClassLoader().getResourceAsStream(DENY_LIST)) {
            if (in == null) {
                throw new IllegalStateException(DENY_LIST + " is not on the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line that is not a rule is an error: a typo must not quietly switch a rule off. */
    public static List<Rule> parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = RULE.matcher(line);
            if (!m.matches() || leadingNumbers(m.group(4)).isEmpty()) {
                throw new IllegalArgumentException(DENY_LIST + " line " + (i + 1) + " is not 'group:artifact < version why': " + line);
            }
            rules.add(new Rule(m.group(1), m.group(2), m.group(3).equals("<"), m.group(4), m.group(5)));
        }
        return rules;
    }

    /** Every rule broken, one line each, naming the library and the rule. */
    public static List<String> violations(Collection<Artifact> artifacts, List<Rule> rules) {
        List<String> found = new ArrayList<>();
        for (Artifact a : new TreeSet<>(artifacts)) {
            for (Rule rule : rules) {
                if (rule.denies(a)) {
                    found.add(a + " is denied: " + rule);
                }
            }
        }
        return found;
    }

    /** The libraries on this JVM's class path: every jar a class loader can see, manifest-only jars' entries included. */
    public static Set<Artifact> onClassPath() {
        Set<Path> jars = new TreeSet<>();
        try {
            Enumeration<URL> manifests = DependencyCheck.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                URL url = manifests.nextElement();
                if (url.getProtocol().equals("jar") && url.openConnection() instanceof JarURLConnection jar) {
                    jars.add(Path.of(jar.getJarFileURL().toURI()));
                }
            }
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot list the class path: " + e.getMessage(), e);
        }
        Set<Artifact> artifacts = new TreeSet<>();
        jars.forEach(jar -> artifacts.addAll(inJar(jar)));
        return artifacts;
    }

    /** The libraries a jar carries: its own, or, for the shaded calldesk.jar, every one shaded into it. */
    public static Set<Artifact> inJar(Path jar) {
        Set<Artifact> artifacts = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                if (!POM_PROPERTIES.matcher(entry.getName()).matches()) {
                    continue;
                }
                Properties pom = new Properties();
                try (InputStream in = file.getInputStream(entry)) {
                    pom.load(in);
                }
                String group = pom.getProperty("groupId");
                String artifact = pom.getProperty("artifactId");
                String version = pom.getProperty("version");
                if (group != null && artifact != null && version != null) {
                    artifacts.add(new Artifact(group.strip(), artifact.strip(), version.strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        return artifacts;
    }

    /**
     * Orders versions by their numeric release part only ({@code 4.2.17.Final} is 4.2.17, {@code 32.1.2-jre} is 32.1.2);
     * a missing part counts as 0. Enough for "below the first fixed release", which is all the deny list says.
     */
    public static int compareVersions(String a, String b) {
        List<Long> left = leadingNumbers(a);
        List<Long> right = leadingNumbers(b);
        for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
            long l = i < left.size() ? left.get(i) : 0;
            long r = i < right.size() ? right.get(i) : 0;
            if (l != r) {
                return Long.compare(l, r);
            }
        }
        return 0;
    }

    private static List<Long> leadingNumbers(String version) {
        List<Long> numbers = new ArrayList<>();
        for (String part : version.split("[.\\-_]")) {
            if (part.isEmpty() || !part.chars().allMatch(Character::isDigit) || part.length() > 18) {
                break;
            }
            numbers.add(Long.parseLong(part));
        }
        return numbers;
    }

    /** {@code java -cp target/test-classes org.calldesk.DependencyCheck target/calldesk.jar}: exit 1 on a denied version. */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: DependencyCheck JAR...");
            System.exit(2);
        }
        List<Rule> rules = denyList();
        boolean failed = false;
        for (String name : args) {
            Path jar = Path.of(name);
            if (!Files.isRegularFile(jar)) {
                System.err.println("dependency check: " + jar + " does not exist");
                System.exit(2);
            }
            Set<Artifact> artifacts = inJar(jar);
            List<String> violations = violations(artifacts, rules);
            violations.forEach(v -> System.err.println("dependency check: " + jar + ": " + v));
            if (artifacts.isEmpty()) {
                System.err.println("dependency check: " + jar + " names no library (no META-INF/maven/*/*/pom.properties)");
                failed = true;
            }
            failed |= !violations.isEmpty();
            System.out.println("dependency check: " + jar + ": " + artifacts.size() + " libraries, "
                + violations.size() + " denied by " + rules.size() + " rules");
        }
        System.exit(failed ? 1 : 0);
    }
}

package org.calldesk.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;

/**
 * The passwords of the embedded PostgreSQL (its superuser, for admin tasks, and calldesk's own role) and of the
 * embedded Redis: made at the first start and kept in {@code data/credentials.properties}, readable by the owner
 * only. Without the file, a secured {@code data/postgres} cannot be opened, so it is never made anew over one
 * ({@link EmbeddedPostgresAccess#refuseWithoutItsPasswords}).
 */
public record EmbeddedCredentials(String superuserPassword, String appPassword, String redisPassword) {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCredentials.class);
    public static final String FILE = "credentials.properties";
    public static final String SUPERUSER = "postgres";
    /** calldesk's role: owns its schema and nothing else, so a flaw in calldesk cannot reach the server itself. */
    public static final String APP_ROLE = "calldesk";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String SUPERUSER_KEY = "postgres.superuser.password";
    private static final String APP_KEY = "postgres.calldesk.password";
    private static final String REDIS_KEY = "redis.password";

    /**
     * The embedded Redis's one user: it needs the password, and CONFIG (which rewrites files and can load code),
     * DEBUG, MODULE and ACL (which could give them back) are refused to it. Only the password's SHA-256 goes into
     * the config file Redis is started with.
     */
    String redisUser() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(redisPassword.getBytes(StandardCharsets.UTF_8));
            return "user default on #" + HexFormat.of().formatHex(hash) + " ~* &* +@all -config -debug -module -acl";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** Without the passwords: objects get logged. */
    @Override
    public String toString() {
        return "EmbeddedCredentials[passwords not shown]";
    }

    /** Reads {@code dataDir/credentials.properties}, making it, or the passwords it lacks, first. */
    static EmbeddedCredentials loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            boolean created = !Files.exists(file);
            Properties stored = new Properties();
            if (!created) {
                tighten(file);
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    stored.load(in);
                }
            }
            boolean complete = java.util.stream.Stream.of(SUPERUSER_KEY, APP_KEY, REDIS_KEY)
                    .allMatch(key -> !stored.getProperty(key, "").isBlank());
            EmbeddedCredentials credentials = new EmbeddedCredentials(orNew(stored, SUPERUSER_KEY), orNew(stored, APP_KEY),
                    orNew(stored, REDIS_KEY));
            if (!complete) {
                write(file, credentials);
                log.info("{} the embedded servers' passwords in {} (owner-only); keep it with data/postgres",
                        created ? "made" : "completed", file.toAbsolutePath());
            }
            return credentials;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static String orNew(Properties stored, String key) {
        String value = stored.getProperty(key, "").strip();
        if (!value.isEmpty()) {
            return value;
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        // Hex: nothing to quote in SQL, a Redis config line or a URL.
        String password = HexFormat.of().formatHex(bytes);
        stored.setProperty(key, password);
        return password;
    }

    /** Written beside the file and moved over it, so that it is never there, even for a moment, with wider rights. */
    private static void write(Path file, EmbeddedCredentials credentials) throws IOException {
        String text = """
                # Passwords of calldesk's embedded PostgreSQL and Redis, made at its first start. Keep this file with
                # data/postgres (it cannot be opened without it) and readable by calldesk's user only.
                # Admin tasks: psql -h 127.0.0.1 -p PORT -U postgres postgres, with postgres.superuser.password.
                %s=%s
                %s=%s
                %s=%s
                """.formatted(SUPERUSER_KEY, credentials.superuserPassword(), APP_KEY, credentials.appPassword(),
                REDIS_KEY, credentials.redisPassword());
        Path temp = file.resolveSibling(FILE + ".new");
        Files.deleteIfExists(temp);
        if (posix(file.getParent())) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A file that someone opened up is closed again: other local users must not read the passwords. */
    private static void tighten(Path file) throws IOException {
        if (posix(file.getParent()) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            log.warn("{} was readable by others ({}); made it owner-only", file.toAbsolutePath(),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean posix(Path dir) throws IOException {
        return Files.getFileStore(dir).supportsFileAttributeView("posix");
    }
}

package org.calldesk.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Who may log in to the embedded PostgreSQL, and as what. zonky runs initdb with {@code -A trust}, which lets every
 * local user in as superuser without a password. Here every login needs its password (scram-sha-256), the
 * superuser's is kept for admin tasks, and calldesk logs in as {@link EmbeddedCredentials#APP_ROLE}, which owns the
 * schema of the same name and nothing else.
 *
 * <p>A data directory made before this (trust everywhere, calldesk's tables in {@code public}, owned by the
 * superuser) is secured at its first start: for that one start the superuser alone may log in from this host
 * without a password, long enough to be given one and to move the tables into calldesk's schema.
 */
final class EmbeddedPostgresAccess {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresAccess.class);
    static final String SCHEMA = EmbeddedCredentials.APP_ROLE;

    private static final String SECURED_HBA = """
            # Written by calldesk at every start of its embedded PostgreSQL: changes here are overwritten.
            # Every login needs its password; the passwords are in data/credentials.properties.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            local   all       all                 scram-sha-256
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;

    /** Only for the one start that gives an old, trusting data directory its passwords. */
    private static final String BOOTSTRAP_HBA = """
            # Written by calldesk for the one start that secures a data directory made by an older calldesk.
            # TYPE  DATABASE  USER      ADDRESS       METHOD
            host    all       postgres  127.0.0.1/32  trust
            host    all       postgres  ::1/128       trust
            """;

    /** Idempotent: run at every start, so that a role or schema lost or changed by hand is put right. */
    private static final String APP_ROLE_AND_SCHEMA = """
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'calldesk') THEN
                    CREATE ROLE calldesk;
                END IF;
            END $$;
            ALTER ROLE calldesk WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %s;
            ALTER ROLE calldesk SET search_path = calldesk;
            CREATE SCHEMA IF NOT EXISTS calldesk AUTHORIZATION calldesk;
            ALTER SCHEMA calldesk OWNER TO calldesk;
            REVOKE CREATE ON SCHEMA public FROM PUBLIC;
            """;

    /**
     * An older calldesk migrated into {@code public} as the superuser: its tables (with their indexes, constraints and
     * sequences), free-standing sequences, views and functions move to calldesk's schema. Flyway then finds its history
     * there, under calldesk's role, and applies only what is new.
     */
    private static final String MOVE_FROM_PUBLIC = """
            DO $$
            DECLARE r record;
            BEGIN
                IF to_regclass('public.flyway_schema_history') IS NULL
                        OR to_regclass('calldesk.flyway_schema_history') IS NOT NULL THEN
                    RETURN;
                END IF;
                FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
                        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                          AND d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
                    EXECUTE format('ALTER %s %s SET SCHEMA calldesk', CASE r.relkind WHEN 'v' THEN 'VIEW'
                        WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.name);
                END LOOP;
                FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace LOOP
                    EXECUTE format('ALTER ROUTINE %s SET SCHEMA calldesk', r.name);
                END LOOP;
            END $$;
            """;

    /** Sequences that belong to a column follow their table's owner and cannot be given one of their own. */
    private static final String OWN_SCHEMA_OBJECTS = """
            DO $$
            DECLARE r record;
            BEGIN
                FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
                        WHERE c.relnamespace = 'calldesk'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                          AND c.relowner <> 'calldesk'::regrole
                          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                          AND d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
                    EXECUTE format('ALTER %s %s OWNER TO calldesk', CASE r.relkind WHEN 'v' THEN 'VIEW'
                        WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.name);
                END LOOP;
                FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
                        WHERE p.pronamespace = 'calldesk'::regnamespace AND p.proowner <> 'calldesk'::regrole LOOP
                    EXECUTE format('ALTER ROUTINE %s OWNER TO calldesk', r.name);
                END LOOP;
            END $$;
            """;

    private final Path pgData;
    private final EmbeddedCredentials credentials;
    private final boolean initialized;
    private final boolean trusting;
    private final Path initdbPasswordFile;

    private EmbeddedPostgresAccess(Path pgData, EmbeddedCredentials credentials) {
        this.pgData = pgData;
        this.credentials = credentials;
        // zonky runs initdb when postgresql.conf is missing; this follows the same sign.
        this.initialized = Files.exists(pgData.resolve("postgresql.conf"));
        this.trusting = initialized && trusts(pgData.resolve("pg_hba.conf"));
        this.initdbPasswordFile = pgData.resolveSibling("postgres-initdb.password");
    }

    static EmbeddedPostgresAccess of(Path pgData, EmbeddedCredentials credentials) {
        return new EmbeddedPostgresAccess(pgData, credentials);
    }

    /**
     * New passwords cannot open a data directory secured with old ones: say so at once, before new ones are made,
     * instead of letting the server start and every login fail until the start-up wait runs out.
     */
    static void refuseWithoutItsPasswords(Path pgData) {
        if (!Files.exists(pgData.resolveSibling(EmbeddedCredentials.FILE)) && Files.exists(pgData.resolve("postgresql.conf"))
                && !trusts(pgData.resolve("pg_hba.conf"))) {
            throw new IllegalStateException(pgData + " asks for the passwords kept in "
                    + pgData.resolveSibling(EmbeddedCredentials.FILE) + ", which is gone: put that file back (or move "
                    + pgData + " away to start with an empty database)");
        }
    }

    /**
     * The builder's part: initdb makes a data directory that asks for passwords from the start, zonky's own readiness
     * check logs in with the superuser's password, and pg_hba.conf is calldesk's before the server reads it.
     */
    EmbeddedPostgres.Builder configure(EmbeddedPostgres.Builder builder) {
        if (!initialized) {
            writeOwnerOnly(initdbPasswordFile, credentials.superuserPassword() + "\n");
            builder.setLocaleConfig("auth-host", "scram-sha-256")
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setLocaleConfig("pwfile", initdbPasswordFile.toString());
        }
        return builder.setServerConfig("password_encryption", "scram-sha-256")
                .setConnectConfig("password", credentials.superuserPassword())
                .setDataDirectoryCustomizer(dir -> {
                    deleteInitdbPasswordFile();
                    writeOwnerOnly(dir.toPath().resolve("pg_hba.conf"), trusting ? BOOTSTRAP_HBA : SECURED_HBA);
                });
    }

    /** After start, as the superuser: calldesk's role and schema; an old directory also gets its passwords. */
    void secure(EmbeddedPostgres postgres) {
        deleteInitdbPasswordFile();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement sql = connection.createStatement()) {
            if (trusting) {
                sql.execute("ALTER ROLE postgres WITH PASSWORD " + literal(credentials.superuserPassword()));
            }
            sql.execute(APP_ROLE_AND_SCHEMA.formatted(literal(credentials.appPassword())));
            sql.execute(MOVE_FROM_PUBLIC);
            sql.execute(OWN_SCHEMA_OBJECTS);
            if (trusting) {
                writeOwnerOnly(pgData.resolve("pg_hba.conf"), SECURED_HBA);
                sql.execute("SELECT pg_reload_conf()");
                log.warn("the embedded PostgreSQL in {} let every local user in as superuser without a password (made by"
                        + " an older calldesk); it now asks for the passwords in {}, and calldesk's tables are in schema {},"
                        + " owned by role {}", pgData, pgData.resolveSibling(EmbeddedCredentials.FILE), SCHEMA,
                        EmbeddedCredentials.APP_ROLE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up calldesk's role on the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Every line of pg_hba.conf that lets someone in without a password. */
    private static boolean trusts(Path hba) {
        try {
            return Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .anyMatch(line -> !line.isEmpty() && line.split("\\s+")[line.split("\\s+").length - 1].equals("trust"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + hba + ": " + e.getMessage(), e);
        }
    }

    /** ALTER ROLE … PASSWORD takes no parameter; the passwords are hex, but a hand-edited file may hold anything. */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static void writeOwnerOnly(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(EmbeddedCredentials.OWNER_ONLY));
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void deleteInitdbPasswordFile() {
        try {
            Files.deleteIfExists(initdbPasswordFile);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", initdbPasswordFile, e.getMessage());
        }
    }
}

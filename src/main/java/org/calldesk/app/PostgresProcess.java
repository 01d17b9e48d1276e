package org.calldesk.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded PostgreSQL (zonky's binaries) as one {@link EmbeddedChild.Server}: data under {@code data/postgres},
 * binaries unpacked under {@code data/bin/postgres}, listening on 127.0.0.1 only, no Unix socket. Every start, the
 * first and each one after the server died, goes through {@link EmbeddedPostgresAccess}: logins need the passwords
 * in {@code data/credentials.properties}, and calldesk's role and schema are put right.
 */
final class PostgresProcess implements EmbeddedChild.Server {

    /** zonky's system property for its scratch directory; it is read when a builder is made. */
    private static final String ZONKY_WORKING_DIR = "ot.epg.working-dir";

    private final Path pgData;
    private final Path binaries;
    private final int port;
    private final boolean durable;
    private final EmbeddedCredentials credentials;
    private EmbeddedPostgres postgres;

    PostgresProcess(Path pgData, Path binaries, int port, boolean durable, EmbeddedCredentials credentials) {
        this.pgData = pgData;
        this.binaries = binaries;
        this.port = port;
        this.durable = durable;
        this.credentials = credentials;
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return pgData;
    }

    @Override
    public ProcessHandle start() throws IOException {
        // zonky locks this file for as long as its handle lives, and the handle of a PostgreSQL that died is never
        // closed (that would run pg_ctl stop against a dead server): each start takes a fresh file. calldesk's own
        // lock on the data directory is what keeps a second server off it.
        Files.deleteIfExists(pgData.resolve("epg-lock"));
        postgres = null;
        Files.createDirectories(pgData.getParent());
        // Read again at each start: the directory may have been made (or secured) by the start before this one.
        EmbeddedPostgresAccess access = EmbeddedPostgresAccess.of(pgData, credentials);
        postgres = access.configure(builder())
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                // calldesk's own shutdown hook stops PostgreSQL, last; zonky's would stop it while requests still run.
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // The default socket in /tmp would let any local user reach a database that trusts local connections.
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("max_connections", "100")
                // A write answered with success must survive a crash: keep PostgreSQL's own guarantees.
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        secure(access);
        PrivateDirs.restrict(binaries);
        long pid = postmasterPid().orElseThrow(() -> new IOException("PostgreSQL started but wrote no postmaster.pid"));
        return ProcessHandle.of(pid).orElseThrow(() -> new IOException("PostgreSQL (pid " + pid + ") ended as it started"));
    }

    /** A server that is up but could not be secured must not stay up: it may still trust everyone. */
    private void secure(EmbeddedPostgresAccess access) throws IOException {
        try {
            access.secure(postgres);
        } catch (RuntimeException e) {
            postgres.close();
            postgres = null;
            throw e;
        }
    }

    /**
     * zonky unpacks its binaries, and scans a directory for stale servers of its own, in the JVM's temp directory
     * unless told otherwise: {@code /tmp}, where any local user could plant a data directory for us to "clean up".
     * The builder reads the scan directory from a system property when it is made, so the property is set for that
     * moment only.
     */
    private EmbeddedPostgres.Builder builder() {
        synchronized (PostgresProcess.class) {
            String before = System.getProperty(ZONKY_WORKING_DIR);
            System.setProperty(ZONKY_WORKING_DIR, binaries.toString());
            try {
                return EmbeddedPostgres.builder().setOverrideWorkingDirectory(binaries.toFile());
            } finally {
                if (before == null) {
                    System.clearProperty(ZONKY_WORKING_DIR);
                } else {
                    System.setProperty(ZONKY_WORKING_DIR, before);
                }
            }
        }
    }

    @Override
    public void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    @Override
    public String stopSignal() {
        return "INT"; // fast shutdown: open transactions roll back, the checkpoint is written
    }

    private java.util.Optional<Long> postmasterPid() throws IOException {
        Path file = pgData.resolve("postmaster.pid");
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        String first = Files.readAllLines(file).stream().findFirst().orElse("").trim();
        try {
            return java.util.Optional.of(Long.parseLong(first));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}

package org.calldesk.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A tiny shell process that stops one embedded server when this JVM dies, however it dies (kill -9 included), so
 * that no PostgreSQL or Redis outlives the calldesk that started it.
 * <p>
 * It blocks reading a pipe whose only writer is this JVM: the kernel closes that pipe when the JVM ends, the read
 * returns, and the watchdog stops the server (its own signal, then SIGKILL after a grace period). While calldesk
 * runs it costs nothing: no polling. It runs in a session of its own so that a Ctrl-C meant for calldesk does not
 * kill it; calldesk's own stop then ends it with {@link #release()} once the server is stopped.
 */
final class Watchdog {

    private static final String SCRIPT = """
            read ignored
            kill -"$2" "$1" 2>/dev/null || exit 0
            tries=0
            while kill -0 "$1" 2>/dev/null && [ "$tries" -lt "$3" ]; do sleep 0.5; tries=$((tries + 1)); done
            kill -KILL "$1" 2>/dev/null
            exit 0
            """;

    private final Process process;

    private Watchdog(Process process) {
        this.process = process;
    }

    /**
     * Watches over {@code server}: when this JVM dies it gets {@code signal} (INT or TERM, whichever stops it
     * cleanly), and SIGKILL if it still runs after {@code graceSeconds}.
     */
    static Watchdog guard(ProcessHandle server, String signal, int graceSeconds) {
        ProcessBuilder builder = new ProcessBuilder(List.of("setsid", "sh", "-c", SCRIPT, "calldesk-watchdog",
                Long.toString(server.pid()), signal, Integer.toString(graceSeconds * 2)));
        // Only stdin is a pipe to us; output would have nowhere to go once we are gone.
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            return new Watchdog(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the watchdog of pid " + server.pid() + ": " + e.getMessage(), e);
        }
    }

    /** Called once the server is stopped (or found dead): the watchdog ends without touching that pid again. */
    void release() {
        process.destroyForcibly();
    }
}

package org.calldesk.app;

import org.calldesk.testing.Await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code java -jar calldesk.jar ARGS} as a child process, its output and errors in files of {@code dir}. */
final class Command implements AutoCloseable {

    final Process process;
    final Path out;
    final Path err;

    private Command(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static Command start(Path dir, String name, Map<String, String> env, List<String> args) throws IOException {
        Files.createDirectories(dir.resolve("tmp"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-Djava.io.tmpdir=" + dir.resolve("tmp"),
                "-cp", System.getProperty("java.class.path"), "org.calldesk.app.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new Command(builder.start(), out, err);
    }

    String out() throws IOException {
        return Files.readString(out);
    }

    String err() throws IOException {
        return Files.readString(err);
    }

    /** Until its standard output holds {@code text}; fails at once, with its errors, if it exits first. */
    void awaitOut(String text, Duration within) {
        Await.until("'" + text + "' from the command (see " + out + ")", within, () -> {
            if (out().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the command exited with " + process.exitValue() + ": " + err() + out());
            }
            return false;
        });
    }

    /** SIGTERM; the exit code once it ended (fails if it does not end in time). */
    int terminate(Duration within) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the command did not stop within " + within + " of SIGTERM");
        }
        return process.exitValue();
    }

    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the command did not end within " + within);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

package org.calldesk.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.calldesk.testing.Inbox;

/** A bare AMI client for tests: writes frames as given, keeps every frame read in order (field order kept). */
final class RawAmi implements AutoCloseable {
    final Socket socket;
    final String banner;
    private final Inbox<Map<String, String>> frames = new Inbox<>();
    private final Thread reader;

    RawAmi(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        banner = in.readLine();
        reader = new Thread(() -> read(in), "raw-ami-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(BufferedReader in) {
        Map<String, String> frame = new LinkedHashMap<>();
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!frame.isEmpty()) {
                        frames.add(frame);
                        frame = new LinkedHashMap<>();
                    }
                } else {
                    int c = line.indexOf(": ");
                    frame.putIfAbsent(c < 0 ? line : line.substring(0, c), c < 0 ? "" : line.substring(c + 2));
                }
            }
        } catch (IOException ignored) {
            // socket closed by the test or the server
        }
    }

    void send(String frame) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void action(String... lines) throws IOException {
        send(String.join("\r\n", lines) + "\r\n\r\n");
    }

    /** Logs in with calldesk's read and write classes but no eventfilter lines: the switch's whole stream. */
    RawAmi loginAsWire() throws Exception {
        return loginAs(SimFixtures.WIRE, SimFixtures.WIRE_SECRET);
    }

    /** Logs in as calldesk's own user (the shipped manager.conf's classes and eventfilter lines). */
    RawAmi login() throws Exception {
        return loginAs(SimFixtures.USER, SimFixtures.SECRET);
    }

    /** Logs in as the capture harness, which may read and do everything. */
    RawAmi loginAsLab() throws Exception {
        return loginAs(SimFixtures.LAB, SimFixtures.LAB_SECRET);
    }

    RawAmi loginAs(String user, String secret) throws Exception {
        action("Action: Login", "ActionID: login-1", "Username: " + user, "Secret: " + secret);
        Map<String, String> r = await(f -> "login-1".equals(f.get("ActionID")) && f.containsKey("Response"), Duration.ofSeconds(5));
        if (!"Success".equals(r.get("Response"))) {
            throw new IllegalStateException("login failed: " + r);
        }
        return this;
    }

    List<Map<String, String>> frames() {
        return frames.all();
    }

    /** The first frame read on this connection that matches, waiting for it if it has not come yet. */
    Map<String, String> await(Predicate<Map<String, String>> p, Duration timeout) {
        return frames.first("a matching AMI frame", timeout, p);
    }

    /** The n-th frame (counting from 1) read on this connection that matches, waiting for it. */
    Map<String, String> await(int n, Predicate<Map<String, String>> p, Duration timeout) {
        return frames.nth(n, "matching AMI frame number " + n, timeout, p);
    }

    static Predicate<Map<String, String>> event(String name) {
        return f -> name.equals(f.get("Event"));
    }

    static Predicate<Map<String, String>> event(String name, String key, String value) {
        return f -> name.equals(f.get("Event")) && value.equals(f.get(key));
    }

    boolean closedByServer(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
        return !reader.isAlive();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

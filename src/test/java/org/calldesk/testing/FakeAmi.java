package org.calldesk.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny AMI server for tests: answers the handshake Asterisk-Java sends (Challenge, MD5 Login,
 * CoreSettings), QueueStatus and CoreShowChannels with empty lists, and after the first
 * CoreShowChannels of a connection streams the configured capture bytes.
 */
public final class FakeAmi implements AutoCloseable {

    private static final String CHALLENGE = "424242";

    private final String secret;
    private final Inbox<Arrival> arrivals = new Inbox<>();
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> errors = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<OutputStream> outputs = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private volatile byte[] stream = new byte[0];
    private volatile boolean mute;
    private volatile ServerSocket server;
    private final int port;

    public FakeAmi(String secret) throws IOException {
        this.secret = secret;
        this.server = bind(0);
        this.port = server.getLocalPort();
        acceptLoop(server);
    }

    public int port() {
        return port;
    }

    /** Bytes written after the first resync of each connection. */
    public void streamAfterResync(byte[] bytes) {
        this.stream = bytes;
    }

    /** One action as it came in: its name, lower-cased, and when ({@link System#nanoTime()}). */
    public record Arrival(String action, long atNanos) {}

    /** Every action as it comes in, to wait for one or to time the gaps between them. */
    public Inbox<Arrival> arrivals() {
        return arrivals;
    }

    /** Every action name received, in order, lower-cased. */
    public List<String> actions() {
        return actions;
    }

    /** Every action received with its headers (names lower-cased), in order. */
    public List<Map<String, String>> received(String action) {
        return received.stream().filter(m -> action.equalsIgnoreCase(m.get("action"))).toList();
    }

    /** While muted the server reads actions but answers none, like a hung Asterisk. */
    public void mute(boolean mute) {
        this.mute = mute;
    }

    /** From now on, answer this action with {@code Response: Error} and this message. */
    public void failWith(String action, String message) {
        errors.put(action.toLowerCase(Locale.ROOT), message);
    }

    /** From now on, answer this action as before {@link #failWith}. */
    public void answerOk(String action) {
        errors.remove(action.toLowerCase(Locale.ROOT));
    }

    /** Writes an event to every connected client, as Asterisk would on its own. */
    public void emit(String event) throws IOException {
        for (OutputStream out : outputs) {
            write(out, event);
        }
    }

    public long count(String action) {
        return actions.stream().filter(action.toLowerCase(Locale.ROOT)::equals).count();
    }

    /** Closes every client socket and stops listening: the link drops and reconnects are refused. */
    public void goDown() throws IOException {
        server.close();
        for (Socket s : clients) {
            s.close();
        }
        clients.clear();
    }

    public void comeBack() throws IOException {
        server = bind(port);
        acceptLoop(server);
    }

    @Override
    public void close() throws IOException {
        goDown();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void acceptLoop(ServerSocket s) {
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    clients.add(client);
                    Thread session = new Thread(() -> serve(client), "fake-ami-session");
                    session.setDaemon(true);
                    session.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-ami-accept");
        t.setDaemon(true);
        t.start();
    }

    private void serve(Socket client) {
        OutputStream[] mine = new OutputStream[1];
        try (client) {
            OutputStream out = client.getOutputStream();
            mine[0] = out;
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8));
            outputs.add(out);
            write(out, "Asterisk Call Manager/11.0.0\r\n");
            boolean streamed = false;
            Map<String, String> msg;
            while ((msg = read(in)) != null) {
                String action = msg.getOrDefault("action", "").toLowerCase(Locale.ROOT);
                String id = msg.getOrDefault("actionid", "");
                actions.add(action);
                received.add(msg);
                arrivals.add(new Arrival(action, System.nanoTime()));
                if (mute) {
                    continue;
                }
                if (errors.containsKey(action)) {
                    write(out, "Response: Error\r\nActionID: " + id + "\r\nMessage: " + errors.get(action) + "\r\n\r\n");
                    continue;
                }
                switch (action) {
                    case "challenge" -> write(out, "Response: Success\r\nActionID: " + id + "\r\nChallenge: "
                        + CHALLENGE + "\r\n\r\n");
                    case "login" -> write(out, md5(CHALLENGE + secret).equals(msg.get("key"))
                        ? "Response: Success\r\nActionID: " + id + "\r\nMessage: Authentication accepted\r\n\r\n"
                        : "Response: Error\r\nActionID: " + id + "\r\nMessage: Authentication failed\r\n\r\n");
                    case "coresettings" -> write(out, "Response: Success\r\nActionID: " + id
                        + "\r\nAMIversion: 11.0.0\r\nAsteriskVersion: 22.10.1\r\nSystemName: \r\n\r\n");
                    case "queuestatus" -> write(out, "Response: Success\r\nActionID: " + id
                        + "\r\nEventList: start\r\nMessage: Queue status will follow\r\n\r\n"
                        + "Event: QueueStatusComplete\r\nActionID: " + id + "\r\nEventList: Complete\r\nListItems: 0\r\n\r\n");
                    case "coreshowchannels" -> {
                        write(out, "Response: Success\r\nActionID: " + id
                            + "\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n"
                            + "Event: CoreShowChannelsComplete\r\nActionID: " + id
                            + "\r\nEventList: Complete\r\nListItems: 0\r\n\r\n");
                        if (!streamed && stream.length > 0) {
                            streamed = true;
                            synchronized (out) {
                                out.write(stream);
                                out.flush();
                            }
                        }
                    }
                    case "logoff" -> {
                        write(out, "Response: Goodbye\r\nActionID: " + id + "\r\nMessage: Thanks for all the fish.\r\n\r\n");
                        return;
                    }
                    default -> write(out, "Response: Success\r\nActionID: " + id + "\r\nMessage: ok\r\n\r\n");
                }
            }
        } catch (IOException e) {
            // the client or the test closed the socket
        } finally {
            clients.remove(client);
            outputs.remove(mine[0]);
        }
    }

    private static Map<String, String> read(BufferedReader in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (headers.isEmpty()) {
                    continue;
                }
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return null;
    }

    private static void write(OutputStream out, String text) throws IOException {
        synchronized (out) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    public static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.calldesk.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Just enough of an AMI server for Asterisk-Java: banner, MD5 challenge login, CoreSettings, empty
 * QueueStatus and CoreShowChannels lists (the bridge's resync); after the first resync it hands the
 * connection's output to the stream writer, on a thread of its own. Every write is one whole message.
 */
final class AmiStreamServer implements AutoCloseable {

    private static final String CHALLENGE = "314159";

    private final String secret;
    private final Consumer<Output> streamer;
    private final ServerSocket server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    /** The connection's output as the streamer sees it: whole messages, never interleaved with answers. */
    interface Output {
        void write(byte[] message) throws IOException;
    }

    AmiStreamServer(String secret, Consumer<Output> streamer) throws IOException {
        this.secret = secret;
        this.streamer = streamer;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "bench-ami-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                clients.add(client);
                Thread session = new Thread(() -> serve(client), "bench-ami-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            OutputStream raw = client.getOutputStream();
            Output out = message -> {
                synchronized (raw) {
                    raw.write(message);
                    raw.flush();
                }
            };
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            out.write("Asterisk Call Manager/11.0.0\r\n".getBytes(StandardCharsets.UTF_8));
            boolean streaming = false;
            Map<String, String> action;
            while ((action = read(in)) != null) {
                String name = action.getOrDefault("action", "").toLowerCase(Locale.ROOT);
                String id = action.getOrDefault("actionid", "");
                String answer = switch (name) {
                    case "challenge" -> "Response: Success\r\nActionID: " + id + "\r\nChallenge: " + CHALLENGE + "\r\n\r\n";
                    case "login" -> md5(CHALLENGE + secret).equals(action.get("key"))
                            ? "Response: Success\r\nActionID: " + id + "\r\nMessage: Authentication accepted\r\n\r\n"
                            : "Response: Error\r\nActionID: " + id + "\r\nMessage: Authentication failed\r\n\r\n";
                    case "coresettings" -> "Response: Success\r\nActionID: " + id
                            + "\r\nAMIversion: 11.0.0\r\nAsteriskVersion: 22.10.1\r\nSystemName: \r\n\r\n";
                    case "queuestatus" -> list(id, "QueueStatusComplete");
                    case "coreshowchannels" -> list(id, "CoreShowChannelsComplete");
                    case "logoff" -> "Response: Goodbye\r\nActionID: " + id + "\r\nMessage: Thanks for all the fish.\r\n\r\n";
                    default -> "Response: Success\r\nActionID: " + id + "\r\nMessage: ok\r\n\r\n";
                };
                out.write(answer.getBytes(StandardCharsets.UTF_8));
                if (name.equals("logoff")) {
                    return;
                }
                if (name.equals("coreshowchannels") && !streaming) {
                    streaming = true;
                    Thread writer = new Thread(() -> streamer.accept(out), "bench-ami-stream");
                    writer.setDaemon(true);
                    writer.start();
                }
            }
        } catch (IOException e) {
            // the bridge logged off or the scenario closed the server
        } finally {
            clients.remove(client);
        }
    }

    private static String list(String id, String complete) {
        return "Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\nMessage: list will follow\r\n\r\n"
                + "Event: " + complete + "\r\nActionID: " + id + "\r\nEventList: Complete\r\nListItems: 0\r\n\r\n";
    }

    private static Map<String, String> read(BufferedReader in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (!headers.isEmpty()) {
                    return headers;
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return null;
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : clients) {
            s.close();
        }
    }
}

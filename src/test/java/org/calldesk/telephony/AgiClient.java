package org.calldesk.telephony;

import org.calldesk.TestServer;
import org.calldesk.testing.Captures;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plays Asterisk's side of FastAGI over a raw socket. */
public final class AgiClient {

    private static final Pattern SET_VARIABLE = Pattern.compile("SET VARIABLE \"([^\"]*)\" \"([^\"]*)\"");
    private static final Pattern GET_VARIABLE = Pattern.compile("GET VARIABLE \"([^\"]*)\"");

    private AgiClient() {}

    /** The request headers of asterisk-22-fastagi-route.txt, with the script, caller and IVR argument. */
    public static String request(int port, String script, String caller, String uniqueid, String ivr) throws IOException {
        return requestFor(port, script + "?" + AgiAccess.PARAMETER + "=" + TestServer.AGI_SECRET, caller, uniqueid, ivr);
    }

    /** The same for a script path exactly as given: {@code route}, {@code route?secret=wrong}. */
    public static String requestFor(int port, String script, String caller, String uniqueid, String ivr) throws IOException {
        String capture = new String(Captures.resource("telephony-samples/asterisk-22-fastagi-route.txt"),
            StandardCharsets.UTF_8);
        StringBuilder headers = new StringBuilder();
        for (String line : capture.split("\n")) {
            if (!line.startsWith("agi_")) {
                continue;
            }
            String header = line.endsWith("\\n") ? line.substring(0, line.length() - 2) : line;
            header = header.replace("agi_network_script: route", "agi_network_script: " + script)
                .replace("4573/route", port + "/" + script)
                .replace("agi_callerid: 5551234", "agi_callerid: " + caller)
                .replace("agi_uniqueid: 1795339966.7", "agi_uniqueid: " + uniqueid);
            headers.append(header).append('\n');
            if (header.startsWith("agi_threadid")) {
                headers.append("agi_arg_1: ").append(ivr).append('\n');
            }
        }
        return headers.append('\n').toString();
    }

    public static Map<String, String> converse(int port, String request) throws IOException {
        return converse(port, request, Map.of());
    }

    /**
     * Plays Asterisk: sends the request, answers every command with 200 result=1 (GET VARIABLE of a name
     * in {@code channel} with its value, as Asterisk 22 does), collects SET VARIABLEs.
     */
    public static Map<String, String> converse(int port, String request, Map<String, String> channel) throws IOException {
        Map<String, String> vars = session(port, request, channel, 5000, () -> { }, () -> { });
        assertTrue(!vars.isEmpty(), "the server sent no command");
        return vars;
    }

    /**
     * As {@link #converse(int, String, Map)}, with hooks for a burst: {@code requestSent} runs once the request is
     * written, {@code beforeFirstReply} when the server's first command has come, before it is answered (a burst
     * holds its sessions there until every request is out). A session the server closed without a command, as a
     * refused connection is, gives no variables. {@code readTimeoutMs}: how long to wait for each command.
     */
    public static Map<String, String> session(int port, String request, Map<String, String> channel, int readTimeoutMs,
                                       Runnable requestSent, Runnable beforeFirstReply) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        List<String> commands = new ArrayList<>();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(readTimeoutMs);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            requestSent.run();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String command;
            while ((command = readCommand(in)) != null) {
                if (commands.isEmpty()) {
                    beforeFirstReply.run();
                }
                commands.add(command);
                Matcher m = SET_VARIABLE.matcher(command);
                if (m.matches()) {
                    vars.put(m.group(1), m.group(2));
                }
                Matcher get = GET_VARIABLE.matcher(command);
                String reply = get.matches() && channel.containsKey(get.group(1))
                    ? "200 result=1 (" + channel.get(get.group(1)) + ")\n"
                    : "200 result=1\n";
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        return vars;
    }

    /** The next command, or null once the server has closed (a reset, as a refused connection may get, too). */
    private static String readCommand(BufferedReader in) throws IOException {
        try {
            return in.readLine();
        } catch (java.net.SocketException reset) {
            return null;
        }
    }

    static void sendAndClose(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }
    }

}

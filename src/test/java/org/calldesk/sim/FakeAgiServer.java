package org.calldesk.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Stands in for calldesk's FastAGI server: reads the request, sends the commands a rule gives, then closes. */
final class FakeAgiServer {
    /** One FastAGI session as seen by the server: request headers in order and the replies to its commands. */
    record Session(Map<String, String> headers, List<String> replies) {}

    /** Not a command: the server goes silent and keeps the socket open (a hung routing server). */
    static final String HOLD = "#hold";
    final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final Function<Map<String, String>, List<String>> commands;
    private NetServer server;

    FakeAgiServer(Function<Map<String, String>, List<String>> commands) {
        this.commands = commands;
    }

    Future<Integer> start(Vertx vertx) {
        server = vertx.createNetServer();
        server.connectHandler(this::serve);
        return server.listen(0, "127.0.0.1").map(NetServer::actualPort);
    }

    Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void serve(NetSocket socket) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> replies = new ArrayList<>();
        Iterator<String>[] pending = new Iterator[1];
        RecordParser parser = RecordParser.newDelimited("\n");
        parser.handler(line -> {
            String s = line.toString();
            if (pending[0] == null) {
                if (!s.isEmpty()) {
                    int c = s.indexOf(": ");
                    headers.put(s.substring(0, c), s.substring(c + 2));
                    return;
                }
                sessions.add(new Session(headers, replies));
                pending[0] = commands.apply(headers).iterator();
            } else {
                replies.add(s);
                if (s.equals("HANGUP") || s.startsWith("520-") || s.startsWith("Returns") || s.startsWith("Example")) {
                    return;
                }
            }
            if (pending[0].hasNext()) {
                String next = pending[0].next();
                if (!next.equals(HOLD)) {
                    socket.write(Buffer.buffer(next + "\n"));
                }
            } else {
                socket.close();
            }
        });
        socket.handler(parser);
    }

    /** The routing stand-in: queue and priority for a caller, optional account manager. */
    static List<String> route(String queue, int prio, String agent) {
        List<String> cmds = new ArrayList<>();
        cmds.add("VERBOSE \"FastAGI route script\" 1");
        cmds.add("SET VARIABLE \"CALLDESK_QUEUE\" \"" + queue + "\"");
        cmds.add("SET VARIABLE \"QUEUE_PRIO\" \"" + prio + "\"");
        cmds.add("SET VARIABLE \"CALLDESK_AGENT\" \"" + (agent == null ? "" : agent) + "\"");
        return cmds;
    }
}

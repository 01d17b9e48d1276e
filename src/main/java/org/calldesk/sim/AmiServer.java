package org.calldesk.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The manager interface: CRLF frames in, responses and events out, as Asterisk 22's manager.c writes them. */
final class AmiServer {
    private static final Logger LOG = LoggerFactory.getLogger(AmiServer.class);
    private static final Buffer BANNER = Buffer.buffer("Asterisk Call Manager/11.0.0\r\n");
    private static final int MAX_LINES = 256;
    /** Bytes a client may fall behind before it is dropped, as Asterisk drops a manager session that stops reading. */
    private static final int MAX_BACKLOG = 16 * 1024 * 1024;

    private final Vertx vertx;
    private final SimSettings settings;
    private final SplittableRandom challenges;
    private final Set<Conn> conns = new LinkedHashSet<>();
    private final Map<String, AmiUser> users = new ConcurrentHashMap<>();
    final AtomicLong eventsWritten = new AtomicLong();
    private AmiActions actions;
    private NetServer server;
    private long sessionSeq = 0x7fbca0001f90L;
    private final long startedMs = System.currentTimeMillis();

    /** One client connection and the frame being read from it. */
    final class Conn {
        final NetSocket socket;
        final String sessionId = "0x" + Long.toHexString(sessionSeq++);
        Map<String, String> frame = new HashMap<>();
        int lines;
        String challenge;
        AmiUser user;
        /** The event classes this session is sent: its user's read classes, narrowed by Events. */
        int sendEvents;
        boolean closing;
        /** By event name: whether this session's eventfilter lines may let it through (they do not change once logged in). */
        final Map<String, Boolean> mayPass = new HashMap<>();

        Conn(NetSocket socket) {
            this.socket = socket;
        }

        void send(Frame f) {
            if (!closing) {
                socket.write(f.toBuffer());
            }
        }

        void sendThenClose(Frame f) {
            closing = true;
            socket.write(f.toBuffer()).onComplete(v -> socket.close());
        }
    }

    AmiServer(Vertx vertx, SimSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.challenges = new SplittableRandom(settings.seed() ^ 0x5eedL);
        AmiUser calldesk = AmiUser.calldesk(settings.username(), settings.secret());
        users.put(calldesk.name(), calldesk);
    }

    /** Another manager.conf user, e.g. a lab harness with read=all and write=all beside calldesk's own. */
    void addUser(AmiUser user) {
        users.put(user.name(), user);
    }

    void actions(AmiActions actions) {
        this.actions = actions;
    }

    Future<Integer> listen() {
        if (server != null) {
            return Future.succeededFuture(server.actualPort());
        }
        NetServer s = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(settings.amiPort())
            .setTcpNoDelay(true).setReuseAddress(true));
        s.connectHandler(this::accept);
        return s.listen().map(srv -> {
            server = srv;
            LOG.info("Switch simulator AMI listening on 127.0.0.1:{}", srv.actualPort());
            return srv.actualPort();
        });
    }

    int port() {
        return server == null ? -1 : server.actualPort();
    }

    /** Stops listening and drops every connection, as a link loss would. */
    Future<Void> close() {
        for (Conn c : Set.copyOf(conns)) {
            c.closing = true;
            c.socket.close();
        }
        conns.clear();
        NetServer s = server;
        server = null;
        return s == null ? Future.succeededFuture() : s.close();
    }

    private void accept(NetSocket socket) {
        Conn conn = new Conn(socket);
        conns.add(conn);
        socket.setWriteQueueMaxSize(MAX_BACKLOG);
        RecordParser parser = RecordParser.newDelimited("\n", line -> line(conn, line)).maxRecordSize(8192);
        parser.exceptionHandler(e -> {
            LOG.warn("AMI client {} sent an oversized line; dropping it", socket.remoteAddress());
            socket.close();
        });
        socket.handler(parser);
        socket.closeHandler(v -> conns.remove(conn));
        socket.exceptionHandler(e -> socket.close());
        socket.write(BANNER);
    }

    private void line(Conn conn, Buffer raw) {
        if (conn.closing) {
            return;
        }
        String line = raw.toString(StandardCharsets.UTF_8);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            if (conn.lines > 0) {
                Map<String, String> frame = conn.frame;
                conn.frame = new HashMap<>();
                conn.lines = 0;
                handle(conn, frame);
            }
            return;
        }
        if (++conn.lines > MAX_LINES) {
            LOG.warn("AMI client {} sent a frame of more than {} lines; dropping it", conn.socket.remoteAddress(), MAX_LINES);
            conn.socket.close();
            return;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).stripLeading();
        // Originate may carry several Variable: lines; keep them all.
        conn.frame.merge(key, value, (a, b) -> key.equals("variable") ? a + "," + b : a);
    }

    private void handle(Conn conn, Map<String, String> m) {
        String action = m.get("action");
        String id = m.get("actionid");
        if (action == null || action.isBlank()) {
            conn.send(Frame.response("Error", id).f("Message", "Missing action in request"));
            return;
        }
        switch (action.toLowerCase(Locale.ROOT)) {
            case "challenge" -> challenge(conn, m, id);
            case "login" -> login(conn, m, id);
            case "logoff" -> conn.sendThenClose(Frame.response("Goodbye", id).f("Message", "Thanks for all the fish."));
            default -> {
                int needs = AmiActions.privilege(action);
                // manager.c's order: not logged in, unknown action, then the user's write classes.
                if (conn.user == null) {
                    conn.send(Frame.response("Error", id).f("Message", "Permission denied"));
                } else if (needs == AmiActions.UNKNOWN) {
                    conn.send(Frame.response("Error", id).f("Message", "Invalid/unknown command: " + action
                        + ". Use Action: ListCommands to show available commands."));
                } else if (needs != 0 && (conn.user.write() & needs) == 0) {
                    conn.send(Frame.response("Error", id).f("Message", "Permission denied"));
                } else if (action.equalsIgnoreCase("events")) {
                    events(conn, m.get("eventmask"), id);
                } else {
                    actions.handle(action, m, id, conn::send);
                }
            }
        }
    }

    private void events(Conn conn, String mask, String id) {
        int wanted = AmiUser.eventMask(mask);
        if (wanted < 0) {
            conn.send(Frame.response("Error", id).f("Message", "Invalid event mask"));
            return;
        }
        conn.sendEvents = conn.user.read() & wanted;
        conn.send(Frame.response("Success", id).f("Events", wanted > 0 ? "On" : "Off"));
    }

    private void challenge(Conn conn, Map<String, String> m, String id) {
        if (!"md5".equalsIgnoreCase(m.getOrDefault("authtype", ""))) {
            conn.send(Frame.response("Error", id).f("Message", "Must specify AuthType"));
            return;
        }
        if (conn.challenge == null) {
            conn.challenge = Integer.toString(100_000_000 + challenges.nextInt(900_000_000));
        }
        conn.send(Frame.response("Success", id).f("Challenge", conn.challenge));
    }

    private void login(Conn conn, Map<String, String> m, String id) {
        AmiUser user = users.get(String.valueOf(m.get("username")));
        if (user == null || !credentialsMatch(conn, user, m)) {
            LOG.warn("AMI login refused for user '{}' from {}", m.get("username"), conn.socket.remoteAddress());
            conn.sendThenClose(Frame.response("Error", id).f("Message", "Authentication failed"));
            return;
        }
        conn.user = user;
        int asked = AmiUser.eventMask(m.get("events"));
        conn.sendEvents = asked < 0 ? user.read() : user.read() & asked;
        conn.send(Frame.response("Success", id).f("Message", "Authentication accepted"));
        // Both go only to a session that reads their class: the calldesk user (read=call,agent) gets neither.
        if ((conn.sendEvents & AmiUser.SYSTEM) != 0) {
            long uptime = (System.currentTimeMillis() - startedMs) / 1000;
            conn.send(Frame.event("FullyBooted", "system,all").f("Uptime", uptime).f("LastReload", uptime)
                .f("Status", "Fully Booted"));
        }
        if ((conn.sendEvents & AmiUser.SECURITY) != 0) {
            String tv = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
            conn.send(Frame.event("SuccessfulAuth", "security,all").f("EventTV", tv).f("Severity", "Informational")
                .f("Service", "AMI").f("EventVersion", 1).f("AccountID", user.name()).f("SessionID", conn.sessionId)
                .f("LocalAddress", "IPV4/TCP/127.0.0.1/" + port())
                .f("RemoteAddress", "IPV4/TCP/" + conn.socket.remoteAddress().host() + "/"
                    + conn.socket.remoteAddress().port())
                .f("UsingPassword", conn.challenge == null ? 1 : 0).f("SessionTV", tv));
        }
    }

    private static boolean credentialsMatch(Conn conn, AmiUser user, Map<String, String> m) {
        String key = m.get("key");
        if ("md5".equalsIgnoreCase(m.getOrDefault("authtype", "")) && key != null) {
            return conn.challenge != null && md5Hex(conn.challenge + user.secret()).equalsIgnoreCase(key.trim());
        }
        return user.secret().equals(m.get("secret"));
    }

    static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether any session could be sent this event: one that reads its classes and whose eventfilter lines may let
     * it through. Events nobody would be sent are not written.
     */
    boolean anyoneWants(String event, int category) {
        for (Conn c : conns) {
            if (c.user != null && !c.closing && (c.sendEvents & category) == category
                    && c.mayPass.computeIfAbsent(event, e -> AmiEventFilter.mayPass(c.user.filters(), e))) {
                return true;
            }
        }
        return false;
    }

    /**
     * One formatted event to every session that reads all its classes and whose user's eventfilter lines let it
     * through: one buffer, one write each.
     */
    void broadcast(Frame f) {
        if (conns.isEmpty() || f.muted()) {
            return;
        }
        Buffer buf = null;
        for (Conn c : conns) {
            if (c.user != null && !c.closing && (c.sendEvents & f.category) == f.category
                    && AmiEventFilter.shouldSend(c.user.filters(), f.name, f::toString)) {
                if (buf == null) {
                    buf = f.toBuffer();
                }
                if (c.socket.writeQueueFull()) {
                    LOG.warn("AMI client {} stopped reading ({} bytes behind); dropping it", c.socket.remoteAddress(), MAX_BACKLOG);
                    c.closing = true;
                    c.socket.close();
                    continue;
                }
                c.socket.write(buf);
                eventsWritten.incrementAndGet();
            }
        }
    }
}

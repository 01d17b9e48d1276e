package org.calldesk.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** res_agi's side of FastAGI: connect to the server, send the request, answer its commands until it closes. */
final class AgiClient {
    private static final Logger LOG = LoggerFactory.getLogger(AgiClient.class);
    private static final Pattern VAR = Pattern.compile("\\$\\{([^}]*)}");
    private static final String DEAD = "511 Command Not Permitted on a dead channel or intercept routine\n";
    private static final String GET_VARIABLE_USAGE = "520-Invalid command syntax.  Proper usage follows:\n"
        + "Returns <literal>0</literal> if <replaceable>variablename</replaceable> is not set. Returns <literal>1</literal>"
        + " if <replaceable>variablename</replaceable> is set and returns the variable in parentheses.\n"
        + "Example return code: 200 result=1 (testvariable)\n520 End of proper usage.\n";

    /** What the script left behind: the channel variables, whether it could run, whether it hung the channel up. */
    record Result(Map<String, String> vars, boolean failed, boolean hungUp) {}

    private final Vertx vertx;
    private final SimSettings settings;
    private final NetClient client;
    private final Map<String, String> astDb = new HashMap<>();
    private long threadId = 140448694109888L;
    /** Where the next call's first attempt goes, so that calls spread over several servers. */
    private int nextServer;

    AgiClient(Vertx vertx, SimSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.client = vertx.createNetClient(new NetClientOptions()
            .setConnectTimeout((int) Math.max(1, settings.agiTimeoutMs())).setTcpNoDelay(true));
    }

    Future<Result> run(Call call, String script, List<String> args) {
        Promise<Result> done = Promise.promise();
        Session session = new Session(call, done);
        long timer = vertx.setTimer(Math.max(1, settings.agiTimeoutMs()), t -> session.timeout());
        List<String> servers = settings.agiServers();
        connect(session, script, args, servers, Math.floorMod(nextServer++, servers.size()), 0);
        return done.future().onComplete(ar -> vertx.cancelTimer(timer));
    }

    /** One server after the other, from {@code first}, until one takes the connection (as for hagi:// targets). */
    private void connect(Session session, String script, List<String> args, List<String> servers, int first, int attempt) {
        String server = servers.get((first + attempt) % servers.size());
        int colon = server.lastIndexOf(':');
        client.connect(Integer.parseInt(server.substring(colon + 1)), server.substring(0, colon))
            .onSuccess(socket -> {
                session.server = server;
                session.start(socket, script, args);
            })
            .onFailure(err -> {
                LOG.debug("FastAGI {} for {} failed to connect to {}: {}", script, session.call.linkedid, server,
                    err.getMessage());
                if (attempt + 1 < servers.size() && !session.done.future().isComplete()) {
                    connect(session, script, args, servers, first, attempt + 1);
                } else {
                    session.finish(true);
                }
            });
    }

    private final class Session {
        final Call call;
        final Promise<Result> done;
        String server;
        NetSocket socket;
        boolean dead;
        boolean answered;

        Session(Call call, Promise<Result> done) {
            this.call = call;
            this.done = done;
        }

        void start(NetSocket socket, String script, List<String> args) {
            this.socket = socket;
            if (done.future().isComplete()) {
                socket.close();
                return;
            }
            socket.handler(RecordParser.newDelimited("\n", this::command).maxRecordSize(16384)
                .exceptionHandler(e -> socket.close()));
            socket.closeHandler(v -> finish(false));
            socket.exceptionHandler(e -> socket.close());
            socket.write(request(script, args));
        }

        private Buffer request(String script, List<String> args) {
            String base = "agi://" + server + "/";
            // As res_agi sends AGI(${CALLDESK_AGI}/route?secret=${CALLDESK_AGI_SECRET},…): the query rides on the script.
            String path = settings.agiSecret().isEmpty() ? script
                : script + "?secret=" + URLEncoder.encode(settings.agiSecret(), StandardCharsets.UTF_8);
            Chan ch = call.leg;
            StringBuilder sb = new StringBuilder(600);
            line(sb, "agi_network", "yes");
            line(sb, "agi_network_script", path);
            line(sb, "agi_request", base + path);
            line(sb, "agi_channel", ch.name);
            line(sb, "agi_language", "en");
            line(sb, "agi_type", "Local");
            line(sb, "agi_uniqueid", ch.uniqueid);
            line(sb, "agi_version", "22.10.1");
            line(sb, "agi_callerid", call.from);
            line(sb, "agi_calleridname", "unknown");
            line(sb, "agi_callingpres", "0");
            line(sb, "agi_callingani2", "0");
            line(sb, "agi_callington", "0");
            line(sb, "agi_callingtns", "0");
            line(sb, "agi_dnid", "unknown");
            line(sb, "agi_rdnis", "unknown");
            line(sb, "agi_context", ch.context);
            line(sb, "agi_extension", ch.exten);
            line(sb, "agi_priority", Integer.toString(ch.priority));
            line(sb, "agi_enhanced", "0.0");
            line(sb, "agi_accountcode", "");
            line(sb, "agi_threadid", Long.toString(threadId++));
            for (int i = 0; i < args.size(); i++) {
                line(sb, "agi_arg_" + (i + 1), args.get(i));
            }
            sb.append('\n');
            return Buffer.buffer(sb.toString());
        }

        private void line(StringBuilder sb, String key, String value) {
            sb.append(key).append(": ").append(value).append('\n');
        }

        void command(Buffer raw) {
            String text = raw.toString().trim();
            if (text.isEmpty() || socket == null) {
                return;
            }
            socket.write(reply(text));
        }

        private String reply(String text) {
            List<String> t = tokens(text);
            String a = t.get(0).toUpperCase();
            String b = t.size() > 1 ? t.get(1).toUpperCase() : "";
            String c = t.size() > 2 ? t.get(2).toUpperCase() : "";
            switch (a) {
                case "ANSWER":
                  if (dead) {
                      return DEAD;
                  }
                  answered = true;
                  return "200 result=0\n";
                case "NOOP":
                  return "200 result=0\n";
                case "VERBOSE":
                  return "200 result=1\n";
                case "HANGUP":
                  if (dead) {
                      return DEAD;
                  }
                  dead = true;
                  return "200 result=1\nHANGUP\n";
                case "CHANNEL":
                  if (!b.equals("STATUS")) {
                      break;
                  }
                  return dead ? DEAD : "200 result=" + (answered ? 6 : 4) + "\n";
                case "SET":
                  if (!b.equals("VARIABLE")) {
                      break;
                  }
                  if (t.size() < 4) {
                      return "520 Invalid command syntax.  Proper usage not available.\n";
                  }
                  call.vars.put(t.get(2), t.get(3));
                  return "200 result=1\n";
                case "GET":
                  if (b.equals("VARIABLE")) {
                      if (t.size() < 3) {
                          return GET_VARIABLE_USAGE;
                      }
                      String v = lookup(t.get(2));
                      return v == null ? "200 result=0\n" : "200 result=1 (" + v + ")\n";
                  }
                  if (b.equals("FULL") && c.equals("VARIABLE") && t.size() > 3) {
                      return "200 result=1 (" + expand(t.get(3)) + ")\n";
                  }
                  break;
                case "DATABASE":
                  if (b.equals("GET") && t.size() > 3) {
                      String v = astDb.get(t.get(2) + "/" + t.get(3));
                      return v == null ? "200 result=0\n" : "200 result=1 (" + v + ")\n";
                  }
                  if (b.equals("PUT") && t.size() > 4) {
                      astDb.put(t.get(2) + "/" + t.get(3), t.get(4));
                      return "200 result=1\n";
                  }
                  if (b.equals("DEL") && t.size() > 3) {
                      return astDb.remove(t.get(2) + "/" + t.get(3)) == null ? "200 result=0\n" : "200 result=1\n";
                  }
                  break;
                default:
                  break;
            }
            return "510 Invalid or unknown command\n";
        }

        private String lookup(String name) {
            return switch (name) {
                case "CALLERID(num)" -> call.from;
                case "CALLERID(name)" -> "";
                case "CHANNEL" -> call.leg.name;
                case "UNIQUEID", "CHANNEL(uniqueid)" -> call.leg.uniqueid;
                case "CHANNEL(linkedid)" -> call.linkedid;
                default -> call.vars.get(name);
            };
        }

        private String expand(String expr) {
            Matcher m = VAR.matcher(expr);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String v = lookup(m.group(1));
                m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
            }
            m.appendTail(out);
            return out.toString();
        }

        void timeout() {
            if (!done.future().isComplete()) {
                LOG.warn("FastAGI for {} timed out after {} ms; dialplan goes on", call.linkedid, settings.agiTimeoutMs());
                finish(false);
            }
        }

        void finish(boolean failed) {
            if (socket != null) {
                socket.close();
            }
            done.tryComplete(new Result(Map.copyOf(call.vars), failed, dead));
        }
    }

    /** AGI arguments split on blanks, double quotes grouping (Asterisk-Java quotes string arguments). */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\\' && quoted && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (ch == '"') {
                quoted = !quoted;
                any = true;
            } else if (ch == ' ' && !quoted) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(ch);
            }
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        if (out.isEmpty()) {
            out.add("");
        }
        return out;
    }
}

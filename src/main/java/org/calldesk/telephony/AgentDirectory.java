package org.calldesk.telephony;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** Which agent sits behind a queue-member interface; loaded from {@code agents}, refreshable. */
public final class AgentDirectory {

    private static final String AGENT_INTERFACES = """
        SELECT id, username, display_name, interface, queues
          FROM agents
         WHERE interface IS NOT NULL AND active
        """;

    /** An agent as the telephony layer needs it. */
    public record AgentLine(long id, String username, String displayName, String iface, List<String> queues) {

        static AgentLine from(Row row) {
            String[] queues = row.getArrayOfStrings("queues");
            return new AgentLine(row.getLong("id"), row.getString("username"), row.getString("display_name"),
                row.getString("interface"), queues == null ? List.of() : Arrays.asList(queues));
        }
    }

    private final Pool pool;
    private volatile Map<String, AgentLine> byInterface = Map.of();

    public AgentDirectory(Pool pool) {
        this.pool = pool;
    }

    public Future<Void> refresh() {
        return pool.preparedQuery(AGENT_INTERFACES).execute().map(rows -> {
            byInterface = StreamSupport.stream(rows.spliterator(), false).map(AgentLine::from)
                .collect(Collectors.toUnmodifiableMap(a -> key(a.iface()), a -> a, (a, b) -> a));
            return null;
        });
    }

    public Optional<AgentLine> byInterface(String iface) {
        return iface == null ? Optional.empty() : Optional.ofNullable(byInterface.get(key(iface)));
    }

    /**
     * The agent a queue_log line names. app_queue logs the member name, which calldesk's QueueAdd sets to the
     * agent's display name; a member added without one is named by its interface. Empty when no agent, or more than
     * one, has that name.
     */
    public Optional<AgentLine> byMemberName(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        Optional<AgentLine> byIface = byInterface(name);
        if (byIface.isPresent()) {
            return byIface;
        }
        List<AgentLine> named = byInterface.values().stream().filter(a -> name.equals(a.displayName())).toList();
        return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }

    public Optional<AgentLine> byUsername(String username) {
        return byInterface.values().stream().filter(a -> a.username().equals(username)).findFirst();
    }

    /** Asterisk compares interfaces case-insensitively (SIP/alice and sip/alice are one member). */
    private static String key(String iface) {
        return iface.toLowerCase(Locale.ROOT);
    }
}

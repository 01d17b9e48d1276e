package org.calldesk.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.prng.VertxContextPRNG;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.AbstractSession;
import io.vertx.ext.web.sstore.SessionStore;
import org.calldesk.platform.Redis;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions kept in Redis, through the project's Jedis gateway (so on its worker threads, never an event loop):
 * every node sees every session, and a session outlives a restart of calldesk as long as Redis keeps its data (the
 * embedded Redis keeps it in {@code data/redis}).
 *
 * <p>One key per session, {@code calldesk:session:<id>}, holding the session as JSON. Redis ends it: the key's
 * time to live is the session's idle timeout, renewed by each request that uses the session, and never reaches past
 * the end set at login ({@link Access#ENDS_AT}). A session holds only strings, numbers, booleans, JSON objects and the
 * {@link SessionUser}; anything else is refused when it is stored.
 *
 * <p>While Redis does not answer: a login is refused with 503 (a session no other node could find is not handed
 * out); a session this node has already seen goes on working on this node, from the copy it keeps of each session it
 * read or wrote (so, behind a sticky load balancer, the browsers logged in before the outage keep working), and its
 * idle time and end still count; a session this node never saw is answered 503 (it cannot tell whether it exists).
 * A logout meanwhile ends the session on this node at once and in Redis as soon as Redis answers again.
 */
public final class RedisSessionStore implements SharedSessionStore {

    private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);
    static final String PREFIX = "calldesk:session:";
    private static final String UNAVAILABLE = "sessions are unavailable right now (Redis does not answer); try again shortly";
    /** Ids made on this node and dropped before they were ever stored; bounded, it is only a saving. */
    private static final int NEVER_STORED_MAX = 10_000;
    /**
     * What an ended session's key holds for a while instead of the session: a request that read the session before it
     * ended (on any node) and writes it back after would otherwise bring it back to life, logged out or disabled.
     */
    static final String ENDED = "ended";
    /** Far longer than any request in flight; then the key goes. */
    private static final long ENDED_KEPT_MS = 15 * 60_000L;
    private static final Redis.Script GONE = Redis.Script.of("""
            local gone = {}
            for _, key in ipairs(KEYS) do
              local value = redis.call('GET', key)
              if not value or value == 'ended' then gone[#gone + 1] = key end
            end
            return gone
            """);
    /** Stores a session unless it has ended meanwhile: 1 when stored, 0 when the key holds the ended mark. */
    private static final Redis.Script PUT = Redis.Script.of("""
            if redis.call('GET', KEYS[1]) == 'ended' then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """);

    private final Redis redis;
    private final VertxContextPRNG prng;
    /**
     * Anonymous requests to protected pages make a session that is dropped unused, and Vert.x then deletes it from the
     * store: those ids are noted here so that no Redis call is made for them (and none fails loudly while Redis is down).
     */
    private final Set<String> neverStored = ConcurrentHashMap.newKeySet();
    /** The last stored form of each session this node read or wrote: what it answers from while Redis does not. */
    private final Map<String, Copy> copies = new ConcurrentHashMap<>();
    /** Sessions logged out while Redis did not answer: deleted there once it answers again. */
    private final Set<String> pendingDeletes = ConcurrentHashMap.newKeySet();
    private final Runnable stopReplaying;
    private volatile long lastSweep = System.currentTimeMillis();

    public RedisSessionStore(Vertx vertx, Redis redis) {
        this.redis = redis;
        this.prng = VertxContextPRNG.current(vertx);
        this.stopReplaying = redis.onUp(this::replayDeletes);
    }

    @Override
    public SessionStore init(Vertx vertx, JsonObject options) {
        return this;
    }

    /** No retry for a session not found: a login stores its session before it answers. */
    @Override
    public long retryTimeout() {
        return 0;
    }

    @Override
    public Session createSession(long timeout) {
        return createSession(timeout, DEFAULT_SESSIONID_LENGTH);
    }

    @Override
    public Session createSession(long timeout, int length) {
        return new Stored(this, prng, timeout, length);
    }

    @Override
    public Future<Session> get(String id) {
        if (pendingDeletes.contains(id)) {
            // Logged out while Redis was away, and maybe still there: deleted first, never honoured.
            return delete(id).<Session>map(v -> null).otherwise((Session) null);
        }
        return redis.call(jedis -> jedis.get(PREFIX + id))
                .<Session>map(text -> {
                    if (text == null || ENDED.equals(text)) {
                        copies.remove(id);
                        return null;
                    }
                    // Kept as it is when it is what this node last wrote: that write's time still counts.
                    copies.compute(id, (key, old) -> old != null && old.text().equals(text) ? old : new Copy(text, null, 0));
                    return decode(id, text);
                })
                .recover(failure -> {
                    Session copy = fromCopy(id);
                    return copy != null ? Future.succeededFuture(copy) : unavailable(failure);
                });
    }

    /** This node's copy of a session, while it has not ended; null when there is none. */
    private Session fromCopy(String id) {
        Copy copy = copies.get(id);
        Session session = copy == null ? null : decode(id, copy.text());
        if (session == null || Sessions.over(session, System.currentTimeMillis())) {
            copies.remove(id);
            return null;
        }
        return session;
    }

    @Override
    public Future<Void> delete(String id) {
        // Looked up, not taken out: Vert.x may delete the same id twice (a login that failed, say).
        if (neverStored.contains(id)) {
            return Future.succeededFuture();
        }
        copies.remove(id);
        return redis.call(jedis -> end(jedis, PREFIX + id)).<Void>mapEmpty()
                .onSuccess(v -> pendingDeletes.remove(id))
                .recover(failure -> {
                    // Ended here now (no copy is left to answer from), and in Redis once it answers.
                    if (pendingDeletes.add(id)) {
                        log.info("a session ended while Redis does not answer: it is removed there once Redis is back");
                    }
                    return Future.succeededFuture();
                });
    }

    private void replayDeletes() {
        for (String id : List.copyOf(pendingDeletes)) {
            redis.call(jedis -> end(jedis, PREFIX + id)).onSuccess(v -> pendingDeletes.remove(id));
        }
    }

    @Override
    public Future<Void> put(Session session) {
        if (session.isEmpty()) {
            // Lazy sessions: only one that holds something (a login's) is kept.
            return Future.succeededFuture();
        }
        long now = System.currentTimeMillis();
        long ttl = session.timeout() - (now - session.lastAccessed());
        Object end = session.data().get(Access.ENDS_AT);
        if (end instanceof Number endsAt) {
            ttl = Math.min(ttl, endsAt.longValue() - now);
        }
        String key = PREFIX + session.id();
        neverStored.remove(session.id());
        if (ttl <= 0) {
            return redis.call(jedis -> jedis.del(key)).<Void>mapEmpty().recover(RedisSessionStore::unavailable);
        }
        String text;
        String data;
        try {
            data = encodeData(session);
            text = encode(session, data);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        String id = session.id();
        Copy last = copies.get(id);
        if (last != null && data.equals(last.data()) && now - last.writtenAt() < rewriteAfter(session.timeout())) {
            // Nothing changed but the time of this request, and Redis was told of one a moment ago: its idle time is
            // counted from then, at most rewriteAfter earlier than from now.
            return Future.succeededFuture();
        }
        long px = ttl;
        sweep(now);
        return redis.call(jedis -> PUT.run(jedis, List.of(key), List.of(text, String.valueOf(px)))).<Void>mapEmpty()
                .onSuccess(v -> {
                    copies.put(id, new Copy(text, data, now));
                    if (session instanceof Stored stored) {
                        stored.fresh = false;
                    }
                })
                .recover(failure -> {
                    // A session this node holds goes on here; a new one (a login) is not handed out.
                    if (copies.replace(id, new Copy(text, null, 0)) != null) {
                        return Future.succeededFuture();
                    }
                    return unavailable(failure);
                });
    }

    /**
     * How long after a write an unchanged session is not written again: a twentieth of its idle time, at most a
     * minute, so that a busy console costs Redis a write a minute rather than one a request.
     */
    static long rewriteAfter(long timeoutMs) {
        return Math.min(timeoutMs / 20, 60_000);
    }

    /** The last stored form of a session; {@code data} and {@code writtenAt} only for one this node wrote. */
    private record Copy(String text, String data, long writtenAt) {
    }

    /** Now and then, the copies of sessions that ended without a word (idle) are dropped. */
    private void sweep(long now) {
        if (now - lastSweep < 60_000) {
            return;
        }
        lastSweep = now;
        copies.keySet().removeIf(id -> fromCopyOver(id, now));
    }

    private boolean fromCopyOver(String id, long now) {
        Copy copy = copies.get(id);
        Session session = copy == null ? null : decode(id, copy.text());
        return session == null || Sessions.over(session, now);
    }

    @Override
    public Future<Set<String>> ended(Set<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        List<String> keys = sessionIds.stream().map(id -> PREFIX + id).toList();
        return redis.call(jedis -> GONE.run(jedis, keys, List.of())).map(reply -> {
            Set<String> gone = new HashSet<>();
            if (reply instanceof List<?> list) {
                for (Object key : list) {
                    gone.add(String.valueOf(key).substring(PREFIX.length()));
                }
            }
            gone.addAll(pendingDeletes);
            gone.retainAll(sessionIds);
            gone.forEach(copies::remove);
            return gone;
        }).recover(failure -> {
            // Redis cannot tell: what this node knows still counts (its logouts, its copies' idle time and end);
            // a session it has no copy of is left open.
            log.debug("sessions of open sockets checked against this node's copies only: {}", failure.toString());
            long now = System.currentTimeMillis();
            Set<String> gone = new HashSet<>();
            for (String id : sessionIds) {
                if (pendingDeletes.contains(id) || (copies.containsKey(id) && fromCopyOver(id, now))) {
                    gone.add(id);
                    copies.remove(id);
                }
            }
            return Future.succeededFuture(gone);
        });
    }

    /**
     * Ends the sessions of one user that the test finds out of date (an account disabled, its role changed, its
     * password reset): deleted from Redis, so that every node refuses them at the next request and closes their
     * sockets at its next check. Rare (an administrator's change), so a scan of the sessions is cheap enough.
     *
     * @return how many sessions were ended
     */
    public Future<Integer> endSessionsOf(long userId, java.util.function.Predicate<SessionUser> outOfDate) {
        return redis.call(jedis -> {
            int ended = 0;
            for (String key : keys(jedis)) {
                String text = jedis.get(key);
                Session session = text == null || ENDED.equals(text) ? null : decode(key.substring(PREFIX.length()), text);
                Object user = session == null ? null : session.data().get(Access.USER);
                if (user instanceof SessionUser u && u.id() == userId && outOfDate.test(u)) {
                    end(jedis, key);
                    copies.remove(session.id());
                    ended++;
                }
            }
            return ended;
        });
    }

    /** Marks a session's key ended (see {@link #ENDED}). */
    private static Object end(redis.clients.jedis.UnifiedJedis jedis, String key) {
        return jedis.set(key, ENDED, SetParams.setParams().px(ENDED_KEPT_MS));
    }

    @Override
    public Future<Void> clear() {
        return redis.call(jedis -> {
            for (String key : keys(jedis)) {
                jedis.del(key);
            }
            return null;
        });
    }

    @Override
    public Future<Integer> size() {
        return redis.call(jedis -> (int) keys(jedis).stream().filter(key -> !ENDED.equals(jedis.get(key))).count());
    }

    private static List<String> keys(redis.clients.jedis.UnifiedJedis jedis) {
        List<String> keys = new ArrayList<>();
        ScanParams params = new ScanParams().match(PREFIX + "*").count(500);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return keys;
    }

    /** The Redis client belongs to the server, which closes it. */
    @Override
    public void close() {
        stopReplaying.run();
    }

    private static <T> Future<T> unavailable(Throwable failure) {
        log.debug("session store failed: {}", failure.toString());
        return Future.failedFuture(HttpError.unavailable(UNAVAILABLE));
    }

    // --- the stored form ---

    static String encodeData(Session session) {
        JsonObject data = new JsonObject();
        new java.util.TreeMap<>(session.data()).forEach((key, value) -> data.put(key, encodeValue(key, value)));
        return data.encode();
    }

    static String encode(Session session, String data) {
        return new JsonObject().put("timeout", session.timeout()).put("lastAccessed", session.lastAccessed())
                .put("data", new JsonObject(data)).encode();
    }

    /** Each value as {@code [type, value]}, so that it comes back as the type it went in. */
    private static JsonArray encodeValue(String key, Object value) {
        return switch (value) {
            case String s -> new JsonArray().add("s").add(s);
            case Long l -> new JsonArray().add("l").add(l);
            case Integer i -> new JsonArray().add("i").add(i);
            case Double d -> new JsonArray().add("d").add(d);
            case Boolean b -> new JsonArray().add("b").add(b);
            case JsonObject json -> new JsonArray().add("j").add(json);
            case SessionUser user -> new JsonArray().add("u").add(new JsonObject().put("id", user.id())
                    .put("username", user.username()).put("displayName", user.displayName())
                    .put("role", user.role().label()).put("iface", user.iface()));
            default -> throw new IllegalArgumentException("session value '" + key + "' is a " + value.getClass().getName()
                    + "; sessions hold strings, numbers, booleans, JSON objects and SessionUser");
        };
    }

    private Session decode(String id, String text) {
        try {
            JsonObject stored = new JsonObject(text);
            Map<String, Object> data = new ConcurrentHashMap<>();
            JsonObject values = stored.getJsonObject("data");
            for (String key : values.fieldNames()) {
                data.put(key, decodeValue(values.getJsonArray(key)));
            }
            return new Stored(this, prng, id, stored.getLong("timeout"), stored.getLong("lastAccessed"), data);
        } catch (DecodeException | ClassCastException | NullPointerException | IllegalArgumentException e) {
            // Written by another version, or damaged: as if there were none (the user logs in again).
            log.warn("session {}… unreadable, ignored: {}", id.substring(0, Math.min(6, id.length())), e.toString());
            return null;
        }
    }

    private static Object decodeValue(JsonArray typed) {
        return switch (typed.getString(0)) {
            case "s" -> typed.getString(1);
            case "l" -> typed.getLong(1);
            case "i" -> typed.getInteger(1);
            case "d" -> typed.getDouble(1);
            case "b" -> typed.getBoolean(1);
            case "j" -> typed.getJsonObject(1);
            case "u" -> {
                JsonObject user = typed.getJsonObject(1);
                yield new SessionUser(user.getLong("id"), user.getString("username"), user.getString("displayName"),
                        Role.of(user.getString("role")), user.getString("iface"));
            }
            default -> throw new IllegalArgumentException("unknown session value type " + typed.getString(0));
        };
    }

    /** A session of this store; {@code fresh} until it is first stored. */
    static final class Stored extends AbstractSession {

        private final RedisSessionStore store;
        volatile boolean fresh;

        Stored(RedisSessionStore store, VertxContextPRNG prng, long timeout, int length) {
            super(prng, timeout, length);
            this.store = store;
            this.fresh = true;
        }

        Stored(RedisSessionStore store, VertxContextPRNG prng, String id, long timeout, long lastAccessed,
               Map<String, Object> data) {
            super(prng);
            this.store = store;
            setId(id);
            setTimeout(timeout);
            setData(data);
            setLastAccessed(lastAccessed);
        }

        @Override
        public Session regenerateId() {
            if (fresh && oldId() == null) {
                store.neverStoredAdd(id());
            }
            return super.regenerateId();
        }

        @Override
        public void destroy() {
            if (fresh && !isDestroyed()) {
                store.neverStoredAdd(id());
            }
            super.destroy();
        }
    }

    private void neverStoredAdd(String id) {
        if (neverStored.size() >= NEVER_STORED_MAX) {
            neverStored.clear();
        }
        neverStored.add(id);
    }
}

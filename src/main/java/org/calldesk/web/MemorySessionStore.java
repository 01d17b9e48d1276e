package org.calldesk.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sessions in this process's memory only, shared by its HTTP verticles: for a web server without Redis (tests of the
 * web layer, tools). A server restart loses them and another process never sees them; calldesk itself keeps its
 * sessions in {@link RedisSessionStore}.
 */
public final class MemorySessionStore implements SharedSessionStore {

    private static final String MAP = "calldesk.sessions";
    private static final long REAP_EVERY_MS = 1000;

    private final SessionStore local;

    public MemorySessionStore(Vertx vertx) {
        this.local = LocalSessionStore.create(vertx, MAP, REAP_EVERY_MS);
    }

    @Override
    public SessionStore init(Vertx vertx, JsonObject options) {
        return this;
    }

    @Override
    public long retryTimeout() {
        return 0;
    }

    @Override
    public Session createSession(long timeout) {
        return local.createSession(timeout);
    }

    @Override
    public Session createSession(long timeout, int length) {
        return local.createSession(timeout, length);
    }

    @Override
    public Future<Session> get(String id) {
        return local.get(id);
    }

    @Override
    public Future<Void> delete(String id) {
        return local.delete(id);
    }

    @Override
    public Future<Void> put(Session session) {
        return local.put(session);
    }

    @Override
    public Future<Void> clear() {
        return local.clear();
    }

    @Override
    public Future<Integer> size() {
        return local.size();
    }

    @Override
    public void close() {
        local.close();
    }

    @Override
    public Future<Set<String>> ended(Set<String> sessionIds) {
        long now = System.currentTimeMillis();
        List<String> ids = new ArrayList<>(sessionIds);
        List<Future<Session>> found = ids.stream().map(local::get).toList();
        return Future.all(found).map(all -> {
            Set<String> gone = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                Session session = found.get(i).result();
                if (session == null || Sessions.over(session, now)) {
                    gone.add(ids.get(i));
                    local.delete(ids.get(i));
                }
            }
            return gone;
        });
    }
}

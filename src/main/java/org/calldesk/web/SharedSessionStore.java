package org.calldesk.web;

import io.vertx.core.Future;
import io.vertx.ext.web.sstore.SessionStore;

import java.util.Set;

/**
 * A session store that can also say which sessions have ended, whoever ended them: a logout on another node, an
 * expiry counted by the store itself. Each node asks it about the sessions its open WebSockets belong to, and closes
 * the sockets of those that ended ({@link Sockets}).
 */
public interface SharedSessionStore extends SessionStore {

    /**
     * Of {@code sessionIds}, those that no longer exist or are past their idle time or their end. A session the store
     * cannot tell about (it is unreachable) is left out, or the whole answer fails: its sockets stay open rather than
     * close for nothing.
     */
    Future<Set<String>> ended(Set<String> sessionIds);
}

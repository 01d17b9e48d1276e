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
     * Of {@code sessionIds}, those that no longer exist or are past their idle time or their end. Fails when the store
     * cannot tell (it is unreachable): the caller then keeps its sockets open rather than close them for nothing.
     */
    Future<Set<String>> ended(Set<String> sessionIds);
}

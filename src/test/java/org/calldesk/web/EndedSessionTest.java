package org.calldesk.web;

import io.vertx.ext.web.Session;
import org.calldesk.TestServer;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.calldesk.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A session ended (logout, an admin's change) stays ended even when a request that read it before writes it back after. */
@ServerTest
class EndedSessionTest {

    private static Session signedIn(RedisSessionStore store, long userId) {
        Session session = store.createSession(60_000);
        session.put(Access.USER, new SessionUser(userId, "late" + userId, "Late Writer", Role.AGENT, null));
        session.put(Access.CSRF, "token");
        await(store.put(session));
        return session;
    }

    @Test
    @DisplayName("a request in flight cannot bring back a session logged out meanwhile")
    void logoutWins() {
        TestServer test = TestServer.get();
        RedisSessionStore store = new RedisSessionStore(test.vertx, test.server.redis());
        Session stale = signedIn(store, 990_001);
        Session read = await(store.get(stale.id()));
        assertNotNull(read);

        await(store.delete(stale.id()));
        read.put("touched", System.currentTimeMillis());
        await(store.put(read));

        assertNull(await(store.get(stale.id())), "the ended session came back");
        assertEquals(RedisSessionStore.ENDED, await(test.server.redis().call(jedis -> jedis.get(RedisSessionStore.PREFIX + stale.id()))));
    }

    @Test
    @DisplayName("sessions ended for a user (disabled by an admin) stay ended; another user's are left alone")
    void endedForAUserStayEnded() {
        TestServer test = TestServer.get();
        RedisSessionStore store = new RedisSessionStore(test.vertx, test.server.redis());
        Session disabled = signedIn(store, 990_002);
        Session other = signedIn(store, 990_003);
        Session inFlight = await(store.get(disabled.id()));

        assertEquals(1, await(store.endSessionsOf(990_002, user -> true)));
        inFlight.put("touched", System.currentTimeMillis());
        await(store.put(inFlight));

        assertNull(await(store.get(disabled.id())));
        assertNotNull(await(store.get(other.id())));
        assertEquals(0, await(store.endSessionsOf(990_002, user -> true)), "an ended session is not ended twice");
    }
}

package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.CommandAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.response.CommandResponse;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ServerTest
class AmiLoginTest extends SimTestBase {

    @Test
    @DisplayName("Asterisk-Java logs in as calldesk with Challenge/MD5, sees Asterisk 22 and gets typed queue events; Command is not calldesk's")
    void asteriskJavaLogsInAndGetsTypedEvents() throws Exception {
        startAgi(h -> FakeAgiServer.route("support", 5, ""));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1, "Local/1001@agents")));
        ManagerConnection mc = new ManagerConnectionFactory("127.0.0.1", sim.amiPort(), SimFixtures.USER, SimFixtures.SECRET)
            .createManagerConnection();
        Inbox<ManagerEvent> events = new Inbox<>();
        mc.addEventListener(events::add);
        try {
            mc.login();
            assertTrue(mc.getVersion().toString().contains("22"), "version " + mc.getVersion());
            ManagerResponse pong = mc.sendAction(new PingAction());
            assertEquals("Success", pong.getResponse());
            ManagerResponse refused = mc.sendAction(new CommandAction("core show version"));
            assertInstanceOf(ManagerError.class, refused, "manager.conf grants calldesk no 'command'");
            assertEquals("Permission denied", refused.getMessage());

            String linkedid = await(sim.placeCall("5551234", "service"));
            QueueCallerJoinEvent join = next(events, QueueCallerJoinEvent.class);
            assertEquals("support", join.getQueue());
            assertEquals(linkedid, join.getLinkedId());
            AgentCalledEvent called = next(events, AgentCalledEvent.class);
            assertEquals("Local/1001@agents", called.getInterface());
            assertEquals("5551234", called.getCallerIdNum());
        } finally {
            mc.logoff();
        }
    }

    @Test
    @DisplayName("a user with the 'command' class gets the version from Command: core show version")
    void commandForAUserWhoMay() throws Exception {
        startSim(SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("support", "ringall", 5, 1)));
        ManagerConnection mc = new ManagerConnectionFactory("127.0.0.1", sim.amiPort(), SimFixtures.LAB, SimFixtures.LAB_SECRET)
            .createManagerConnection();
        try {
            mc.login();
            ManagerResponse version = mc.sendAction(new CommandAction("core show version"));
            assertInstanceOf(CommandResponse.class, version);
            assertTrue(((CommandResponse) version).getResult().get(0).startsWith("Asterisk 22.10.1"));
        } finally {
            mc.logoff();
        }
    }

    @Test
    @DisplayName("a wrong secret is refused with AuthenticationFailedException and the socket is closed")
    void wrongSecretIsRefused() throws Exception {
        startSim(SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("support", "ringall", 5, 1)));
        ManagerConnection mc = new ManagerConnectionFactory("127.0.0.1", sim.amiPort(), SimFixtures.USER, "wrong")
            .createManagerConnection();
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class, mc::login);
        assertTrue(e.getMessage().contains("Authentication failed"), e.getMessage());

        try (RawAmi raw = new RawAmi(sim.amiPort())) {
            assertEquals("Asterisk Call Manager/11.0.0", raw.banner);
            raw.action("Action: Login", "ActionID: x-1", "Username: " + SimFixtures.USER, "Secret: nope");
            var reply = raw.await(f -> "x-1".equals(f.get("ActionID")), WAIT);
            assertEquals(List.of("Response", "ActionID", "Message"), List.copyOf(reply.keySet()));
            assertEquals("Authentication failed", reply.get("Message"));
            assertTrue(raw.closedByServer(WAIT), "server closes after a failed login");
        }
    }

    /** The next event of this type not taken yet, skipping others. */
    static <T extends ManagerEvent> T next(Inbox<ManagerEvent> events, Class<T> type) {
        ManagerEvent event = events.next(Duration.ofSeconds(5), type::isInstance);
        if (event == null) {
            throw new AssertionError("no " + type.getSimpleName() + " within 5 s");
        }
        return type.cast(event);
    }
}

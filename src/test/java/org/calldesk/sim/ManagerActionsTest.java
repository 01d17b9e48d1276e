package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.QueueAddAction;
import org.asteriskjava.manager.action.QueueChangePriorityCallerAction;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.asteriskjava.manager.action.QueueRemoveAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueEntryEvent;
import org.asteriskjava.manager.event.QueueMemberAddedEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.QueueMemberPauseEvent;
import org.asteriskjava.manager.event.QueueMemberRemovedEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ServerTest
class ManagerActionsTest extends SimTestBase {
    ManagerConnection mc;
    final Inbox<ManagerEvent> events = new Inbox<>();

    /** Asterisk-Java has no Immediate field; a getter is all its action builder needs to send one. */
    public static final class ImmediatePriorityChange extends QueueChangePriorityCallerAction {
        private static final long serialVersionUID = 1L;

        public ImmediatePriorityChange(String queue, String caller, int priority) {
            super(queue, caller, priority);
        }

        public String getImmediate() {
            return "yes";
        }
    }

    void connect() throws Exception {
        mc = new ManagerConnectionFactory("127.0.0.1", sim.amiPort(), SimFixtures.USER, SimFixtures.SECRET)
            .createManagerConnection();
        mc.addEventListener(events::add);
        mc.login();
    }

    @AfterEach
    void logoff() {
        if (mc != null) {
            mc.logoff();
        }
    }

    List<String> waitingChannels() throws Exception {
        ResponseEvents re = mc.sendEventGeneratingAction(new QueueStatusAction(), 5000);
        List<String> out = new ArrayList<>();
        for (var e : re.getEvents()) {
            if (e instanceof QueueEntryEvent entry) {
                out.add(entry.getChannel());
            }
        }
        return out;
    }

    @Test
    @DisplayName("QueueChangePriorityCaller keeps the caller's place unless Immediate: yes is given")
    void changePriorityOnlyMovesWithImmediate() throws Exception {
        startAgi(h -> FakeAgiServer.route("support", 0, ""));
        startSim(SimFixtures.config(agiPort, SimFixtures.queue("support", "ringall", 5, 1)));
        connect();
        await(sim.placeCall("100", "service"));
        String first = AmiLoginTest.next(events, QueueCallerJoinEvent.class).getChannel();
        await(sim.placeCall("101", "service"));
        String second = AmiLoginTest.next(events, QueueCallerJoinEvent.class).getChannel();
        assertEquals(List.of(first, second), waitingChannels());

        ManagerResponse r = mc.sendAction(new QueueChangePriorityCallerAction("support", second, 10));
        assertEquals("Success", r.getResponse(), r.getMessage());
        assertEquals(List.of(first, second), waitingChannels(), "without Immediate the caller keeps its position");

        r = mc.sendAction(new ImmediatePriorityChange("support", second, 10));
        assertEquals("Success", r.getResponse(), r.getMessage());
        assertEquals(List.of(second, first), waitingChannels(), "Immediate: yes moves the caller up");

        r = mc.sendAction(new QueueChangePriorityCallerAction("support", "Local/nobody-1;2", 3));
        assertInstanceOf(ManagerError.class, r);
        assertEquals("Unable to change priority caller on queue: No such caller", r.getMessage());
        r = mc.sendAction(new QueueChangePriorityCallerAction("nosuch", second, 3));
        assertEquals("Unable to change priority caller on queue: No such queue", r.getMessage());
    }

    @Test
    @DisplayName("QueueAdd, QueuePause and QueueRemove from Asterisk-Java give the capture's events and errors")
    void dynamicMembers() throws Exception {
        startSim(SimFixtures.config(SimFixtures.freePort(), SimFixtures.queue("support", "ringall", 5, 1)));
        connect();
        QueueAddAction add = new QueueAddAction("support", "Local/1003@agents");
        add.setMemberName("Agent 1003");
        add.setPaused(true);
        assertEquals("Added interface to queue", mc.sendAction(add).getMessage());
        QueueMemberAddedEvent added = AmiLoginTest.next(events, QueueMemberAddedEvent.class);
        assertEquals("Agent 1003", added.getMemberName());
        assertTrue(added.getPaused());
        assertEquals("Unable to add interface: Already there", mc.sendAction(add).getMessage());
        assertEquals("Unable to add interface to queue: No such queue",
            mc.sendAction(new QueueAddAction("nosuch", "Local/1003@agents")).getMessage());

        QueuePauseAction unpause = new QueuePauseAction("Local/1003@agents", "support", false);
        unpause.setReason("lunch");
        assertEquals("Interface unpaused successfully", mc.sendAction(unpause).getMessage());
        QueueMemberPauseEvent pause = AmiLoginTest.next(events, QueueMemberPauseEvent.class);
        assertFalse(pause.getPaused());
        assertEquals("lunch", pause.getPausedreason(), "an unpause keeps the reason it was given");

        ResponseEvents status = mc.sendEventGeneratingAction(new QueueStatusAction(), 5000);
        QueueMemberEvent member = status.getEvents().stream().filter(QueueMemberEvent.class::isInstance)
            .map(QueueMemberEvent.class::cast).findFirst().orElseThrow();
        assertEquals("Local/1003@agents", member.getLocation());
        assertEquals("dynamic", member.getMembership());

        assertEquals("Removed interface from queue",
            mc.sendAction(new QueueRemoveAction("support", "Local/1003@agents")).getMessage());
        AmiLoginTest.next(events, QueueMemberRemovedEvent.class);
        assertEquals("Unable to remove interface: Not there",
            mc.sendAction(new QueueRemoveAction("support", "Local/1003@agents")).getMessage());
        assertEquals("Interface not found",
            mc.sendAction(new QueuePauseAction("Local/1003@agents", "support", true)).getMessage());
    }
}

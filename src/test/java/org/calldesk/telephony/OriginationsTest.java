package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.action.OriginateAction;
import org.calldesk.telephony.Originations.Progress;
import org.calldesk.telephony.Originations.Stage;
import org.calldesk.testing.Await;
import org.calldesk.testing.Captures;
import org.calldesk.testing.FakeAmi;
import org.calldesk.testing.Inbox;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Click-to-call against an AMI server that answers as Asterisk 22 does, byte for byte where it matters. */
@ServerTest
class OriginationsTest {

    static {
        QuietLogs.apply();
    }

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String NUMBER = "+8613910000042";
    private static final Originations.Dial DIAL = new Originations.Dial("PJSIP/1001", NUMBER, "Call Me Back");
    private static final String AGENT_LEG = "PJSIP/1001-00000007";
    private static final String AGENT_UNIQUEID = "1795341500.7";

    private Vertx vertx;
    private FakeAmi ami;
    private Originations originations;
    private final Inbox<Progress> heard = new Inbox<>();

    @BeforeEach
    void connect() throws Exception {
        vertx = Vertx.vertx();
        ami = new FakeAmi("s3cret");
        JsonObject config = Captures.config(ami.port(), "s3cret");
        config.getJsonObject("telephony").getJsonObject("originate").put("ring_timeout_ms", 400)
            .put("response_grace_ms", 400).put("caller_id", "\"Hotline\" <4008001234>");
        TelephonyConfig cfg = TelephonyConfig.from(config);
        AmiBridge bridge = new AmiBridge(cfg);
        originations = new Originations(vertx, bridge, cfg.originate());
        bridge.onEvent(originations::accept);
        await(vertx.deployVerticle(bridge));
        Await.until("the AMI link", WAIT, bridge::isUp);
    }

    @AfterEach
    void close() throws Exception {
        ami.close();
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Starts one attempt; gives the ActionID as it went over the wire, with Asterisk-Java's prefix. */
    private String start() throws Exception {
        String id = await(originations.start(DIAL, heard::add));
        String wire = ami.received("Originate").getLast().get("actionid");
        assertTrue(wire.endsWith("#" + id), wire);
        return wire;
    }

    private Progress next() {
        Progress progress = heard.next(WAIT, p -> true);
        if (progress == null) {
            throw new AssertionError("no progress heard; so far " + heard.all());
        }
        return progress;
    }

    private void originateResponse(String actionId, boolean success, int reason, String channel, String uniqueid)
        throws IOException {
        ami.emit("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: " + actionId + "\r\nResponse: "
            + (success ? "Success" : "Failure") + "\r\nChannel: " + channel + "\r\nContext: calldesk-outbound\r\nExten: "
            + NUMBER + "\r\nReason: " + reason + "\r\nUniqueid: " + uniqueid + "\r\nCallerIDNum: " + NUMBER
            + "\r\nCallerIDName: Call Me Back\r\n\r\n");
    }

    /** DialBegin or DialEnd of the agent leg's Dial() to the customer, in the shape of Asterisk 22's events. */
    private void customerDial(String event, String status) throws IOException {
        ami.emit("Event: " + event + "\r\nPrivilege: call,all\r\nChannel: " + AGENT_LEG + "\r\nChannelState: 6\r\n"
            + "ChannelStateDesc: Up\r\nCallerIDNum: 4008001234\r\nCallerIDName: Hotline\r\nContext: calldesk-outbound\r\n"
            + "Exten: " + NUMBER + "\r\nPriority: 3\r\nUniqueid: " + AGENT_UNIQUEID + "\r\nLinkedid: " + AGENT_UNIQUEID
            + "\r\nDestChannel: PJSIP/trunk-00000008\r\nDestUniqueid: 1795341500.8\r\nDestLinkedid: " + AGENT_UNIQUEID
            + "\r\n" + (status == null ? "DialString: " + NUMBER + "@trunk" : "DialStatus: " + status) + "\r\n\r\n");
    }

    @Test
    @DisplayName("the agent's phone shows the customer's name and number; the hotline caller ID goes to the dialplan")
    void callerIds() {
        OriginateAction action = originations.action("c2c-1", DIAL);
        assertEquals("\"Call Me Back\" <" + NUMBER + ">", action.getCallerId());
        assertEquals("PJSIP/1001", action.getChannel());
        assertEquals(NUMBER, action.getExten());
        assertEquals("calldesk-outbound", action.getContext());
        assertEquals(400L, action.getTimeout());
        assertEquals(true, action.getAsync());
        assertEquals("\"Hotline\" <4008001234>", action.getVariables().get("CALLDESK_HOTLINE_CID"));
        assertEquals(NUMBER, action.getVariables().get("CALLDESK_CUSTOMER_NUMBER"));
        assertEquals("\"Evil x Action: Hangup\" <" + NUMBER + ">", Originations.shownToAgent(
            new Originations.Dial("PJSIP/1001", NUMBER, "Evil\"<x>\r\nAction: Hangup")));
        assertEquals(NUMBER, Originations.shownToAgent(new Originations.Dial("PJSIP/1001", NUMBER, null)));
    }

    @Test
    @DisplayName("an OriginateResponse Failure, Reason 3, is told as 'the agent's phone did not answer' after 'ringing'")
    void agentDoesNotAnswer() throws Exception {
        String actionId = start();
        assertEquals(Stage.RINGING, next().stage());
        originateResponse("c2c-of-another-client", false, 0, "PJSIP/1001", "<unknown>");
        originateResponse(actionId, false, 3, "PJSIP/1001", "<unknown>");
        Progress failed = next();
        assertEquals(List.of(Stage.FAILED, "the agent's phone did not answer"), List.of(failed.stage(), failed.reason()));
        assertTrue(failed.settled());
    }

    @Test
    @DisplayName("the customer's Dial may end before the OriginateResponse comes; the attempt still settles connected")
    void customerLegBeforeResponse() throws Exception {
        String actionId = start();
        assertEquals(Stage.RINGING, next().stage());
        customerDial("DialBegin", null);
        customerDial("DialEnd", "ANSWER");
        originateResponse(actionId, true, 4, AGENT_LEG, AGENT_UNIQUEID);
        assertEquals(Stage.ANSWERED, next().stage());
        Progress connected = next();
        assertEquals(List.of(Stage.CONNECTED, "the customer answered"), List.of(connected.stage(), connected.reason()));
    }

    @Test
    @DisplayName("after the agent answered, the customer's Dial status settles it: NOANSWER is 'the customer did not answer'")
    void customerDoesNotAnswer() throws Exception {
        String actionId = start();
        originateResponse(actionId, true, 4, AGENT_LEG, AGENT_UNIQUEID);
        customerDial("DialBegin", null);
        customerDial("DialEnd", "NOANSWER");
        assertEquals(List.of(Stage.RINGING, Stage.ANSWERED, Stage.FAILED),
            List.of(next().stage(), next().stage(), next().stage()));
        assertEquals("the customer did not answer", heard.all().getLast().reason());
    }

    @Test
    @DisplayName("no OriginateResponse within the ring timeout and the grace: failed, saying the phone system went quiet")
    void noResponse() throws Exception {
        start();
        assertEquals(Stage.RINGING, next().stage());
        Progress failed = next();
        assertEquals(Stage.FAILED, failed.stage());
        assertTrue(failed.reason().startsWith("the phone system said nothing"), failed.reason());
    }

    @Test
    @DisplayName("an Originate Asterisk refuses fails the start with its message, and nothing is told")
    void refused() {
        ami.failWith("Originate", "Extension does not exist.");
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(originations.start(DIAL, heard::add)));
        assertTrue(e.getCause().getMessage().contains("Extension does not exist."), e.getCause().getMessage());
        assertEquals(List.of(), heard.all());
    }

    @Test
    @DisplayName("a lost AMI link settles what is under way as failed: its outcome cannot be known")
    void linkLost() throws Exception {
        start();
        assertEquals(Stage.RINGING, next().stage());
        ami.goDown();
        Progress failed = next();
        assertEquals(Stage.FAILED, failed.stage());
        assertTrue(failed.reason().contains("link to the phone system was lost"), failed.reason());
    }
}

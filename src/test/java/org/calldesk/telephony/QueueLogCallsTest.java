package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.calldesk.telephony.LiveCall.Outcome;
import org.calldesk.telephony.QueueLogSource.Position;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QueueLogCallsTest {

    private static final long T0 = 1795339970L;

    private QueueLogCalls calls;
    private long offset;

    @BeforeEach
    void setUp() {
        calls = new QueueLogCalls();
        offset = 0;
    }

    /** Lines at T0 + the given seconds, each at the next byte offset of an imaginary file. */
    private List<QueueLogLine> lines(String... texts) {
        List<QueueLogLine> out = new ArrayList<>();
        for (String text : texts) {
            int bar = text.indexOf('|');
            String line = (T0 + Long.parseLong(text.substring(0, bar))) + text.substring(bar);
            out.add(QueueLogLine.parse(line, new Position("f", "", offset)).orElseThrow());
            offset += line.length() + 1;
        }
        return out;
    }

    private static Position end(long offset) {
        return new Position("f", "", offset);
    }

    @Test
    @DisplayName("an answered call: caller number from ENTERQUEUE, agent and times from CONNECT and COMPLETECALLER, missed rings counted")
    void answered() {
        List<QueueLogCall> ended = calls.apply(lines(
            "0|1795339966.7|support|NONE|ENTERQUEUE||5550100|1",
            "15|1795339966.7|support|Agent Two|RINGNOANSWER|15000",
            "20|1795339966.7|support|Agent One|CONNECT|20|1795339986.12|2",
            "145|1795339966.7|support|Agent One|COMPLETECALLER|20|125|1"));

        assertEquals(1, ended.size());
        QueueLogCall call = ended.get(0);
        assertEquals("1795339966.7", call.callid());
        assertEquals("5550100", call.callerNumber());
        assertEquals("support", call.queue());
        assertEquals(Outcome.ANSWERED, call.outcome());
        assertEquals("Agent One", call.memberName());
        assertEquals(Instant.ofEpochSecond(T0), call.enteredAt());
        assertEquals(Instant.ofEpochSecond(T0 + 20), call.answeredAt());
        assertEquals(Instant.ofEpochSecond(T0 + 145), call.endedAt());
        assertEquals(20_000, call.waitMs());
        assertEquals(125_000, call.talkMs());
        assertEquals(1, call.missedRings());
        assertEquals(0, calls.openCalls());
    }

    @Test
    @DisplayName("abandoned, timed out and transferred calls end as the live path ends them")
    void outcomes() {
        List<QueueLogCall> ended = calls.apply(lines(
            "0|A.1|support|NONE|ENTERQUEUE||5550101|1",
            "0|B.1|support|NONE|ENTERQUEUE||5550102|2",
            "1|C.1|support|NONE|ENTERQUEUE||5550103|3",
            "4|A.1|support|NONE|ABANDON|1|1|4",
            "60|B.1|support|NONE|EXITWITHTIMEOUT|1|2|60",
            "61|C.1|support|Agent One|CONNECT|60|X.9|1",
            "91|C.1|support|Agent One|BLINDTRANSFER|2000|from-internal|60|30|3"));

        assertEquals(List.of("A.1", "B.1", "C.1"), ended.stream().map(QueueLogCall::callid).toList());
        assertEquals(Outcome.ABANDONED, ended.get(0).outcome());
        assertEquals(4_000, ended.get(0).waitMs());
        assertNull(ended.get(0).memberName());
        assertEquals(Outcome.NO_ANSWER, ended.get(1).outcome());
        assertEquals(60_000, ended.get(1).waitMs());
        assertEquals(Outcome.ANSWERED, ended.get(2).outcome());
        assertEquals(30_000, ended.get(2).talkMs());
    }

    @Test
    @DisplayName("a caller who times out of one queue and is answered in the next is one answered call")
    void requeued() {
        List<QueueLogCall> ended = calls.apply(lines(
            "0|A.1|service|NONE|ENTERQUEUE||5550101|1",
            "60|A.1|service|NONE|EXITWITHTIMEOUT|1|1|60",
            "60|A.1|complaints|NONE|ENTERQUEUE||5550101|1",
            "70|A.1|complaints|Agent One|CONNECT|10|X.9|1",
            "100|A.1|complaints|Agent One|COMPLETEAGENT|10|30|1"));

        assertEquals(1, ended.size());
        assertEquals(Outcome.ANSWERED, ended.get(0).outcome());
        assertEquals("complaints", ended.get(0).queue());
        assertEquals(Instant.ofEpochSecond(T0), ended.get(0).enteredAt());
        assertEquals(10_000, ended.get(0).waitMs());
    }

    @Test
    @DisplayName("a call still open holds the read position at its first line until its end is read")
    void openCallHoldsPosition() {
        List<QueueLogLine> first = lines(
            "0|A.1|support|NONE|ENTERQUEUE||5550101|1",
            "1|B.1|support|NONE|ENTERQUEUE||5550102|2",
            "5|A.1|support|NONE|ABANDON|1|1|5",
            "6|B.1|support|Agent One|CONNECT|5|X.9|1");
        long bOffset = first.get(1).at().offset();

        assertEquals(1, calls.apply(first).size());
        assertEquals(end(bOffset), calls.resumeFrom(end(offset)), "B has not ended: read again from B's first line");
        assertEquals(1, calls.openCalls());

        List<QueueLogCall> later = calls.apply(lines("66|B.1|support|Agent One|COMPLETECALLER|5|60|2"));
        assertEquals(List.of("B.1"), later.stream().map(QueueLogCall::callid).toList());
        assertEquals("5550102", later.get(0).callerNumber(), "the start read in the first batch is kept");
        assertEquals(end(offset), calls.resumeFrom(end(offset)));
    }

    @Test
    @DisplayName("a call whose start was before the read is rebuilt from its end line alone")
    void endOnly() {
        QueueLogCall call = calls.apply(lines("100|A.1|support|Agent One|COMPLETEAGENT|12|80|1")).get(0);

        assertEquals(Instant.ofEpochSecond(T0 + 8), call.enteredAt());
        assertEquals(Instant.ofEpochSecond(T0 + 20), call.answeredAt());
        assertNull(call.callerNumber());
        assertEquals(12_000, call.waitMs());
    }

    @Test
    @DisplayName("Asterisk's restart, a call silent for hours, and lines about members do not hold the position")
    void nothingHeldForEver() {
        calls.apply(lines(
            "0|A.1|support|NONE|ENTERQUEUE||5550101|1",
            "1|NONE|NONE|NONE|QUEUESTART|",
            "2|B.1|support|NONE|ENTERQUEUE||5550102|1",
            "3|1795339999.1|support|PJSIP/1001|ADDMEMBER|",
            "4|NONE|support|Agent One|PAUSE|lunch"));
        assertEquals(1, calls.openCalls(), "A went with Asterisk's restart; only B is open");

        calls.apply(lines("21700|C.1|support|NONE|ENTERQUEUE||5550103|1"));
        assertEquals(1, calls.openCalls(), "B, silent for six hours, is given up");
    }

    @Test
    @DisplayName("lines of a call that already ended in this read do not start it again")
    void endedStaysEnded() {
        List<QueueLogCall> ended = calls.apply(lines(
            "0|A.1|support|NONE|ENTERQUEUE||5550101|1",
            "4|A.1|support|Agent One|CONNECT|4|X.9|1",
            "30|A.1|support|Agent One|COMPLETEAGENT|4|26|1",
            "31|A.1|support|NONE|ENTERQUEUE||5550101|1"));
        assertEquals(1, ended.size());
        assertTrue(calls.apply(lines("40|A.1|support|NONE|ABANDON|1|1|9")).isEmpty());
        assertEquals(0, calls.openCalls());
    }
}

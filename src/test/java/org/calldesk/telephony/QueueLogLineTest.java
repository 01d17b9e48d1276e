package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Lines as app_queue writes them through ast_queue_log (apps/app_queue.c, main/logger.c). */
class QueueLogLineTest {

    private static final QueueLogSource.Position AT = new QueueLogSource.Position("(dev=1,ino=2)", "1795", 120);

    private static QueueLogLine parse(String text) {
        return QueueLogLine.parse(text, AT).orElseThrow(() -> new AssertionError("not read: " + text));
    }

    @Test
    @DisplayName("an ENTERQUEUE line gives the time, the caller's Uniqueid, the queue and the caller's number")
    void enterQueue() {
        QueueLogLine line = parse("1795339970|1795339966.7|support|NONE|ENTERQUEUE||5550100|1");

        assertEquals(Instant.ofEpochSecond(1795339970L), line.time());
        assertEquals("1795339966.7", line.callid());
        assertEquals("support", line.queue());
        assertEquals("NONE", line.agent());
        assertEquals("ENTERQUEUE", line.event());
        assertEquals(List.of("", "5550100", "1"), line.data());
        assertEquals("5550100", line.data(1));
        assertEquals(1, line.number(2));
        assertEquals("", line.data(7), "a field the line does not have is empty");
        assertEquals(AT, line.at());
        assertTrue(line.aboutCaller());
    }

    @Test
    @DisplayName("CONNECT, COMPLETECALLER, ABANDON and RINGNOANSWER carry their times as numbers, and the member's name")
    void timesAndMember() {
        QueueLogLine connect = parse("1795339975|1795339966.7|support|Agent One|CONNECT|5|1795339975.12|2");
        assertEquals("Agent One", connect.agent());
        assertEquals(5, connect.number(0));
        assertEquals("1795339975.12", connect.data(1));
        assertEquals(2, connect.number(2));

        QueueLogLine complete = parse("1795340100|1795339966.7|support|Agent One|COMPLETECALLER|5|125|1");
        assertEquals(125, complete.number(1));

        assertEquals(4, parse("1795341277|1795341273.1|support|NONE|ABANDON|1|1|4").number(2));
        assertEquals(15000, parse("1795341290|1795341289.1|support|Agent Two|RINGNOANSWER|15000").number(0));
    }

    @Test
    @DisplayName("transfers put hold and talk time last, after a variable number of fields")
    void transfers() {
        QueueLogLine blind = parse("1795341400|1795341350.5|support|Agent One|BLINDTRANSFER|2000|from-internal|7|30|1");
        assertEquals(7, blind.numberFromEnd(3));
        assertEquals(30, blind.numberFromEnd(2));

        QueueLogLine link = parse("1795341500|1795341450.5|support|Agent One|ATTENDEDTRANSFER|LINK|Local/2000@x-1;1|"
            + "Local/2000@x-1;2|9|41|2");
        assertEquals(9, link.numberFromEnd(3));
        assertEquals(41, link.numberFromEnd(2));
    }

    @Test
    @DisplayName("lines about no caller (start-up, members, the manager) are read but not taken for calls")
    void noCaller() {
        assertFalse(parse("1795339966|NONE|NONE|NONE|QUEUESTART|").aboutCaller());
        assertFalse(parse("1795339967|MANAGER|support|Agent One|ADDMEMBER|").aboutCaller());
        assertFalse(parse("1795339968|NONE|support|Agent One|PAUSE|lunch").aboutCaller());
        assertEquals(List.of(""), parse("1795339966|NONE|NONE|NONE|QUEUESTART|").data());
    }

    @Test
    @DisplayName("a torn, empty or foreign line is not a queue_log line; a CRLF line is")
    void unreadable() {
        assertTrue(QueueLogLine.parse("", AT).isEmpty());
        assertTrue(QueueLogLine.parse("1795339970|1795339966.7|supp", AT).isEmpty());
        assertTrue(QueueLogLine.parse("[Nov 22 09:54:49] NOTICE[123]: app_queue.c: hello|a|b|c|d", AT).isEmpty());
        assertEquals("1", parse("1795339970|1795339966.7|support|NONE|ENTERQUEUE||5550100|1\r").data(2));
    }

    @Test
    @DisplayName("the realtime table's data1..data5, the last holding the rest with its pipes, read as the file's fields")
    void tableColumns() {
        assertEquals(List.of("", "5550100", "1"), QueueLogLine.dataOfColumns("", "5550100", "1", "", ""));
        assertEquals(List.of("LINK", "a", "b", "9", "41", "2"),
            QueueLogLine.dataOfColumns("LINK", "a", "b", "9", "41|2"));
        assertEquals(List.of(), QueueLogLine.dataOfColumns("", "", "", "", ""));
        assertEquals(List.of("4"), QueueLogLine.dataOfColumns("4", null, null, null, null));
    }
}

package org.calldesk.platform;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class EscapedMessageTest {

    @Test
    @DisplayName("control characters in a log message are written out; tabs and every other character stay as they are")
    void escapes() {
        String plain = "failed login for '张伟'\tfrom 10.0.0.1";
        assertSame(plain, EscapedMessage.escape(plain));
        assertEquals("a\\nb\\r\\nc", EscapedMessage.escape("a\nb\r\nc"));
        assertEquals("\\u0000\\u001b[2J\\u007f\\u0085\\u2028", EscapedMessage.escape("\u0000\u001b[2J\u007f\u0085\u2028"));
    }
}

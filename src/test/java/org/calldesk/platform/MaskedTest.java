package org.calldesk.platform;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MaskedTest {

    @Test
    @DisplayName("a phone number in a log keeps its country code, operator prefix and last four digits, nothing else")
    void phones() {
        assertEquals("+86138****8000", Masked.phone("+8613800138000"));
        assertEquals("+44207****0000", Masked.phone("+442071230000"));
        assertEquals("138****8000", Masked.phone("13800138000"));
        assertEquals("010****5678", Masked.phone(" 01012345678 "));
        assertEquals("****01", Masked.phone("1001"));
        assertEquals("****", Masked.phone("12"));
        assertEquals("", Masked.phone(""));
        assertNull(Masked.phone(null));
    }
}

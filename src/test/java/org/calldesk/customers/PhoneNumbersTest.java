package org.calldesk.customers;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhoneNumbersTest {

    private final PhoneNumbers cn = new PhoneNumbers("CN");

    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("every way of writing a number gives the same E.164 key")
    @CsvSource(delimiter = '|', value = {
            "138 0013 8000        | +8613800138000",
            "+86 138-0013-8000    | +8613800138000",
            "008613800138000      | +8613800138000",
            "13800138000          | +8613800138000",
            "(+86) 138 0013 8000  | +8613800138000",
            "010 6552 9988        | +861065529988",
            "+49 30 1234567       | +49301234567",
            "+1 (415) 555-2671    | +14155552671"})
    void normalises(String raw, String e164) {
        assertEquals(Optional.of(e164), cn.e164(raw));
    }

    @ParameterizedTest
    @DisplayName("what cannot be a phone number is rejected, not guessed")
    @ValueSource(strings = {"", "   ", "abc", "12", "+86", "not a number", "1380013800013800138000999"})
    void rejects(String raw) {
        assertEquals(Optional.empty(), cn.e164(raw));
    }
}

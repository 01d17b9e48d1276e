package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.command.AgiCommand;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgiVariablesTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "vip", "Müller & Söhne, 3 o'clock", "say \"hello\"", "C:\\queue\\vip", "\\\"",
        "two\nlines", "trailing\\", "\"", "tab\there", "managed by key account \"Zoë\" (\\\\ 2 open)\n"})
    @DisplayName("the command text is Asterisk-Java's own, byte for byte")
    void sameTextAsAsteriskJava(String value) throws Exception {
        assertEquals(new SetVariableCommand("CALLDESK_REASON", value).buildCommand(), sent("CALLDESK_REASON", value));
    }

    @Test
    @DisplayName("a missing value is sent as the empty string, as Asterisk-Java sends it")
    void nullValue() throws Exception {
        assertEquals("SET VARIABLE \"CALLDESK_AGENT\" \"\"", sent("CALLDESK_AGENT", null));
    }

    /** The text of the one command AgiVariables sends on a channel. */
    private static String sent(String name, String value) throws Exception {
        List<AgiCommand> sent = new ArrayList<>();
        AgiChannel channel = (AgiChannel) Proxy.newProxyInstance(AgiVariablesTest.class.getClassLoader(),
            new Class<?>[] {AgiChannel.class}, (proxy, method, args) -> {
                if (method.getName().equals("sendCommand")) {
                    sent.add((AgiCommand) args[0]);
                }
                return null;
            });
        AgiVariables.set(channel, name, value);
        assertEquals(1, sent.size());
        return sent.get(0).buildCommand();
    }
}

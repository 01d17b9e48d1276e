package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** manager.conf eventfilter lines read and applied with manager.c's rules; no server needed. */
class AmiEventFilterTest {

    static final String HANGUP_LOCAL = "Event: Hangup\r\nPrivilege: call,all\r\nChannel: Local/1001@agents-00000002;1\r\n"
        + "Uniqueid: 1796132833.4\r\nCause: 16\r\n\r\n";
    static final String HANGUP_PJSIP = "Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/trunk-00000006\r\n"
        + "Uniqueid: 1796132833.0\r\nCause: 16\r\n\r\n";
    static final String NEWSTATE = "Event: Newstate\r\nPrivilege: call,all\r\nChannel: PJSIP/trunk-00000006\r\n"
        + "ChannelState: 6\r\nAccountCode: \r\n\r\n";

    static boolean sends(List<AmiEventFilter> filters, String payload) {
        String name = payload.substring("Event: ".length(), payload.indexOf("\r\n"));
        return AmiEventFilter.shouldSend(filters, name, () -> payload);
    }

    static AmiEventFilter f(String criteria, String value) {
        return AmiEventFilter.parse(criteria, value);
    }

    @Test
    @DisplayName("no lines send everything; include lines alone send only what one of them names")
    void includeByName() {
        assertTrue(sends(List.of(), NEWSTATE));
        List<AmiEventFilter> hangups = List.of(f("eventfilter(action(include),name(Hangup))", ""));
        assertTrue(sends(hangups, HANGUP_LOCAL));
        assertFalse(sends(hangups, NEWSTATE));
        assertFalse(sends(List.of(f("eventfilter(name(hangup))", "")), HANGUP_LOCAL), "names are matched exactly, case too");
    }

    @Test
    @DisplayName("include and exclude lines: an include must match and no exclude may")
    void includeThenExclude() {
        List<AmiEventFilter> filters = List.of(f("eventfilter(action(include),name(Hangup))", ""),
            f("eventfilter(action(exclude),name(Hangup),header(Channel),method(starts_with))", "Local/"));
        assertTrue(sends(filters, HANGUP_PJSIP));
        assertFalse(sends(filters, HANGUP_LOCAL));
        assertFalse(sends(filters, NEWSTATE), "named by no include");
        List<AmiEventFilter> excludeOnly = List.of(f("eventfilter(action(exclude),name(Newstate))", ""));
        assertTrue(sends(excludeOnly, HANGUP_LOCAL), "exclude lines alone let the rest through");
        assertFalse(sends(excludeOnly, NEWSTATE));
    }

    @Test
    @DisplayName("legacy lines are regular expressions over the whole event; '!' excludes")
    void legacy() {
        assertFalse(sends(List.of(f("eventfilter", "!Event: Newstate")), NEWSTATE));
        assertTrue(sends(List.of(f("eventfilter", "!Event: Newstate")), HANGUP_PJSIP));
        assertTrue(sends(List.of(f("eventfilter", "Channel: PJSIP/trunk-[0-9a-f]+\r\n")), HANGUP_PJSIP));
        assertFalse(sends(List.of(f("eventfilter", "Channel: PJSIP/trunk-[0-9a-f]+\r\n")), HANGUP_LOCAL));
    }

    @Test
    @DisplayName("a header with method none matches an event that has the header with a value; exact compares the value")
    void headerMatching() {
        assertTrue(f("eventfilter(header(Cause))", "").matches("Hangup", () -> HANGUP_LOCAL));
        assertFalse(f("eventfilter(header(Cause))", "").matches("Newstate", () -> NEWSTATE));
        assertFalse(f("eventfilter(header(AccountCode))", "").matches("Newstate", () -> NEWSTATE), "an empty value is skipped");
        assertTrue(f("eventfilter(name(Hangup),header(Cause),method(exact))", "16").matches("Hangup", () -> HANGUP_LOCAL));
        assertFalse(f("eventfilter(name(Hangup),header(Cause),method(exact))", "1").matches("Hangup", () -> HANGUP_LOCAL));
        assertTrue(f("eventfilter(header(Channel),method(ends_with))", ";1").matches("Hangup", () -> HANGUP_LOCAL));
        assertTrue(f("eventfilter(header(Channel:),method(contains))", "trunk").matches("Hangup", () -> HANGUP_PJSIP));
    }

    @Test
    @DisplayName("'!' makes an advanced line exclude too, and an explicit action overrides it")
    void bangAndAction() {
        assertTrue(f("eventfilter(name(Hangup),header(Cause),method(exact))", "!16").exclude());
        AmiEventFilter include = f("eventfilter(action(include),name(Hangup),header(Cause),method(exact))", "!16");
        assertFalse(include.exclude());
        assertEquals("16", include.text());
    }

    @Test
    @DisplayName("lines Asterisk refuses are refused with its reasons")
    void refused() {
        for (String[] bad : new String[][] {
            {"eventfilter", "", "Legacy filter with no filter pattern specified"},
            {"eventfilter", "!", "Legacy filter with no filter pattern specified"},
            {"eventfilter", "XX[X", "Unable to compile regex filter"},
            {"eventfilter(name(Hangup", "", "Filter options not formatted correctly"},
            {"eventfilter(action(include)", "", "No name or header option found and no filter pattern"},
            {"eventfilter(action(inlude))", "", "'action' option 'inlude' is unknown"},
            {"eventfilter(action(include))", "", "No name or header option found and no filter pattern"},
            {"eventfilter(name(Hangup),method(exact))", "", "method can't be 'exact' with no filter pattern"},
            {"eventfilter(name(Hangup))", "16", "method can't be 'none' with a filter pattern"},
            {"eventfilter(name(Hangup),colour(blue))", "", "Filter option 'colour(blue' is unknown"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f(bad[0], bad[1]),
                bad[0] + " = " + bad[1]);
            assertTrue(e.getMessage().contains(bad[2]), e.getMessage());
        }
    }

    @Test
    @DisplayName("before an event is written, its name alone tells whether it could pass; lines that look further let it be written")
    void mayPassByName() {
        List<AmiEventFilter> shipped = List.of(f("eventfilter(action(include),name(Hangup))", ""),
            f("eventfilter(action(include),name(DialBegin))", ""));
        assertTrue(AmiEventFilter.mayPass(shipped, "Hangup"));
        assertFalse(AmiEventFilter.mayPass(shipped, "Newstate"));
        assertTrue(AmiEventFilter.mayPass(List.of(), "Newstate"));
        assertFalse(AmiEventFilter.mayPass(List.of(f("eventfilter(action(exclude),name(Newstate))", "")), "Newstate"));
        assertTrue(AmiEventFilter.mayPass(List.of(f("eventfilter", "!Event: Newstate")), "Newstate"),
            "a regular expression is only known once the event is written");
        assertTrue(AmiEventFilter.mayPass(List.of(f("eventfilter(action(exclude),name(Newstate),header(Channel),method(starts_with))",
            "Local/")), "Newstate"), "a PJSIP channel's Newstate still passes");
        assertTrue(AmiEventFilter.mayPass(List.of(f("eventfilter(header(Channel),method(starts_with))", "PJSIP/")), "Newstate"));
    }
}

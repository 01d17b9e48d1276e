package org.calldesk.routing;

import org.calldesk.customers.CustomerCard;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class CallerFactsTest {

    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 3, 4, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai"));
    private static final ComplaintFacts ONE_AT_RISK = new ComplaintFacts(1, true, false);

    private static CustomerCard card(CustomerCard.Manager manager) {
        return new CustomerCard(42, "C-42", "Li Wei", null, "gold", 7, new BigDecimal("1200.00"), null, null, "active",
                LocalDate.of(2024, 1, 1), null, List.of("+8613800138000"), manager, List.of());
    }

    @Test
    @DisplayName("a customer's card gives routing their id, name, tier and value, and their account manager free when the phone is")
    void fromCard() {
        CustomerCard card = card(new CustomerCard.Manager(3, "agent3", "Agent Three", "PJSIP/agent3"));
        CallerFacts facts = CallerFacts.of("013800138000", card, "PJSIP/agent3"::equals, ONE_AT_RISK, 2,
                IvrChoice.COMPLAINT, NOW);
        assertEquals(new CallerFacts("013800138000", 42L, "Li Wei", "gold", new BigDecimal("1200.00"),
                new AccountManager("agent3", "PJSIP/agent3", true), ONE_AT_RISK, 2, IvrChoice.COMPLAINT, NOW), facts);
        assertFalse(CallerFacts.of("013800138000", card, iface -> false, ONE_AT_RISK, 2, IvrChoice.COMPLAINT, NOW)
                .accountManager().free(), "busy");
    }

    @Test
    @DisplayName("an account manager without a phone is not free, and presence is not asked about them")
    void managerWithoutPhone() {
        CustomerCard card = card(new CustomerCard.Manager(3, "agent3", "Agent Three", null));
        CallerFacts facts = CallerFacts.of("+8613800138000", card, iface -> {
            throw new AssertionError("asked about " + iface);
        }, ComplaintFacts.NONE, 0, IvrChoice.SERVICE, NOW);
        assertEquals(new AccountManager("agent3", null, false), facts.accountManager());
    }

    @Test
    @DisplayName("a customer without account manager, or facts from the card alone, have none")
    void noManager() {
        assertNull(CallerFacts.of("+8613800138000", card(null), iface -> true, ComplaintFacts.NONE, 0,
                IvrChoice.SERVICE, NOW).accountManager());
        CustomerCard managed = card(new CustomerCard.Manager(3, "agent3", "Agent Three", "PJSIP/agent3"));
        assertEquals(new CallerFacts("+8613800138000", 42L, "Li Wei", "gold", new BigDecimal("1200.00"), null,
                ComplaintFacts.NONE, 0, IvrChoice.SERVICE, NOW), CallerFacts.of("+8613800138000", managed, IvrChoice.SERVICE, NOW));
    }
}

package org.calldesk.routing;

import org.calldesk.customers.CustomerCard;

import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Everything routing knows about a caller when the call arrives.
 *
 * @param callerNumber   E.164 when it could be parsed, else the raw caller id
 * @param customerId     null for an unknown caller
 * @param tier           the customer's tier; null when the caller is unknown
 * @param value          customer value (Fc − Cc); null when unknown
 * @param accountManager null when the customer has none
 * @param calls24h       calls from this customer in the 24 h before this one, this call not counted
 * @param now            the call's arrival time, in any zone (opening hours use their own)
 */
public record CallerFacts(
    String callerNumber,
    Long customerId,
    String customerName,
    String tier,
    BigDecimal value,
    AccountManager accountManager,
    ComplaintFacts complaints,
    int calls24h,
    IvrChoice ivr,
    ZonedDateTime now) {

    public CallerFacts {
        Objects.requireNonNull(now, "now");
        complaints = complaints == null ? ComplaintFacts.NONE : complaints;
        ivr = ivr == null ? IvrChoice.UNKNOWN : ivr;
        if (calls24h < 0) {
            throw new IllegalArgumentException("calls in the last 24 h must not be negative: " + calls24h);
        }
    }

    /**
     * A caller whose number matched {@code card}, with their account manager.
     *
     * @param managerFree whether the phone at this interface is free to ring now; asked only of a manager who has one
     */
    public static CallerFacts of(String callerNumber, CustomerCard card, Predicate<String> managerFree,
                                 ComplaintFacts complaints, int calls24h, IvrChoice ivr, ZonedDateTime now) {
        CustomerCard.Manager manager = card.accountManager();
        AccountManager accountManager = manager == null ? null : new AccountManager(manager.username(), manager.iface(),
                manager.iface() != null && managerFree.test(manager.iface()));
        return new CallerFacts(callerNumber, card.id(), card.name(), card.tier(), card.value(), accountManager,
                complaints, calls24h, ivr, now);
    }

    /**
     * A caller whose number matched {@code card}, as far as the card alone tells: no account manager, complaints or
     * earlier calls. For a decision that rings nobody now, such as a callback's place in the list.
     */
    public static CallerFacts of(String callerNumber, CustomerCard card, IvrChoice ivr, ZonedDateTime now) {
        return new CallerFacts(callerNumber, card.id(), card.name(), card.tier(), card.value(), null,
                ComplaintFacts.NONE, 0, ivr, now);
    }

    /** A caller whose number matched no customer. */
    public static CallerFacts unknown(String callerNumber, int calls24h, IvrChoice ivr, ZonedDateTime now) {
        return new CallerFacts(callerNumber, null, null, null, null, null, ComplaintFacts.NONE, calls24h, ivr, now);
    }

    public boolean known() {
        return customerId != null;
    }
}

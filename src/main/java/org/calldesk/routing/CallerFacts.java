package org.calldesk.routing;

import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.util.Objects;

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

    /** A caller whose number matched no customer. */
    public static CallerFacts unknown(String callerNumber, int calls24h, IvrChoice ivr, ZonedDateTime now) {
        return new CallerFacts(callerNumber, null, null, null, null, null, ComplaintFacts.NONE, calls24h, ivr, now);
    }

    public boolean known() {
        return customerId != null;
    }
}

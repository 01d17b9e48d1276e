package org.calldesk.telephony;

import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.Optional;

/** Finds the customer behind a calling number; the customers package implements it. */
public interface CallerLookup {

    /**
     * @param accountManagerInterface queue-member interface of the customer's account manager, or null
     */
    record Caller(long customerId, String name, String tier, BigDecimal value, String accountManagerInterface) {}

    Future<Optional<Caller>> byNumber(String number);
}

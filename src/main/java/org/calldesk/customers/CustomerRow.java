package org.calldesk.customers;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** One validated customer as imported: the phones already in E.164. */
public record CustomerRow(int line, String externalId, String name, String email, BigDecimal revenue12m,
                          BigDecimal cost12m, LocalDate firstContact, LocalDate lastContact,
                          Long accountManagerId, List<Phone> phones) {

    public record Phone(String e164, String raw) {
    }
}

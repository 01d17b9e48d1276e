package org.calldesk.customers;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CustomerImportTest {

    private final CustomerImport importer = new CustomerImport(new PhoneNumbers("CN"));

    @Test
    @DisplayName("rows PostgreSQL could not store (a NUL, a date outside its range) are reported by line, the rest kept")
    void rowsPostgresCannotStore() {
        CustomerImport.Parsed parsed = importer.parse("""
                NUL-1,Good One,13700001001,,10,1,2024-01-01,2026-01-01,
                NUL-2,Bad\u0000Name,13700001002,,10,1,,,
                NUL-3,Far Future,13700001003,,10,1,2024-01-01,+999999999-12-31,
                NUL-4,Before Christ,13700001004,,10,1,-0001-01-01,,
                NUL-5,Year Zero,13700001005,,10,1,0000-06-01,,
                NUL-6,Good Two,13700001006,,10,1,1999-12-31,,
                """, Map.of());

        assertEquals(List.of("NUL-1", "NUL-6"), parsed.rows().stream().map(CustomerRow::externalId).toList());
        assertEquals(List.of(2, 3, 4, 5), parsed.rejected().stream().map(CustomerImport.Rejected::line).toList());
        assertEquals("name contains a NUL character", parsed.rejected().get(0).reason());
        assertTrue(parsed.rejected().get(1).reason().startsWith("last_contact '+999999999-12-31' is not a date"),
                parsed.rejected().get(1).reason());
        assertTrue(parsed.rejected().get(3).reason().contains("before 1900-01-01"), parsed.rejected().get(3).reason());
    }
}

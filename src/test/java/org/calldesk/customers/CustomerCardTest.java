package org.calldesk.customers;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CustomerCardTest {

    /** A card as the API and the cache have always written it, history times in PostgreSQL's own JSON form. */
    private static final String CACHED = """
            {"id":42,"externalId":"C-42","name":"Li Wei","email":"li.wei@example.com","tier":"gold","valueRank":7,\
            "value":1234.5,"revenue12m":2000,"cost12m":765.5,"lifecycle":"active","firstContact":"2024-02-29",\
            "lastContact":"2026-03-01","phones":["+8613800138000","+8613900139000"],\
            "accountManager":{"id":3,"username":"agent3","displayName":"Agent Three","interface":"PJSIP/agent3"},\
            "interactions":[\
            {"id":9,"at":"2026-03-04T09:15:02.12345+08:00","kind":"call","summary":"answered by agent3 after 12 s",\
            "linkedid":"1795339966.7","details":{"outcome":"answered","wait_ms":12000,"notes":null},"agent":"agent3"},\
            {"id":8,"at":"2026-03-01T18:00:00+00:00","kind":"note","summary":"asked for a call back","linkedid":null,\
            "details":null,"agent":null}]}""";

    @Test
    @DisplayName("a card read back from the cache is written out again exactly as it was, history times and nulls included")
    void cacheRoundTrip() {
        CustomerCard card = CustomerCard.fromJson(new JsonObject(CACHED));
        assertEquals(CACHED, card.toJson().encode());
        assertEquals(new BigDecimal("1234.5"), card.value());
        assertEquals(LocalDate.of(2024, 2, 29), card.firstContact());
        assertEquals("PJSIP/agent3", card.accountManager().iface());
        assertEquals(OffsetDateTime.parse("2026-03-04T09:15:02.12345+08:00"), card.interactions().get(0).at());
    }

    @Test
    @DisplayName("a customer without account manager, contact dates or history keeps those keys, as null or empty")
    void sparseCustomer() {
        String sparse = """
                {"id":5,"externalId":"CD-1","name":"New Nan","email":null,"tier":"bronze","valueRank":null,"value":0,\
                "revenue12m":null,"cost12m":null,"lifecycle":"new","firstContact":null,"lastContact":null,\
                "phones":["+8613500135000"],"accountManager":null,"interactions":[]}""";
        CustomerCard card = CustomerCard.fromJson(new JsonObject(sparse));
        assertNull(card.accountManager());
        assertEquals(sparse, card.toJson().encode());
    }
}

package org.calldesk.calls;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Calls that never leave the hotline menu (complaint status, callback request) are calls too. */
@ServerTest
class MenuCallsTest {

    @AfterEach
    void reset() {
        Phones.reset();
    }

    @Test
    @DisplayName("a caller who only hears their complaint status is stored as ended in the menu, with the choice, in their history")
    void statusOnly() {
        long customer = Phones.customer("MENU-1", "Menu Status", "+86 135 7000 0001", "silver", null);
        String linkedid = Phones.call("+8613570000001", "status");

        Row call = stored(linkedid);
        assertEquals("ended_in_ivr", call.getString("outcome"));
        assertEquals("status", call.getString("ivr"));
        assertEquals(customer, call.getLong("customer_id"));
        assertEquals("silver", call.getString("tier"));
        assertNull(call.getString("queue"), "it never queued");
        assertEquals("asked for complaint status in the menu", summary(linkedid));
    }

    @Test
    @DisplayName("a caller who only asks to be called back is stored as ended in the menu, and the callback names the call")
    void callbackOnly() {
        long customer = Phones.customer("MENU-2", "Menu Callback", "+86 135 7000 0002", "gold", null);
        String linkedid = Phones.call("+8613570000002", "callback");

        Row call = stored(linkedid);
        assertEquals("ended_in_ivr", call.getString("outcome"));
        assertEquals("callback", call.getString("ivr"));
        assertEquals(customer, call.getLong("customer_id"));
        assertEquals("asked to be called back in the menu", summary(linkedid));
        Row callback = TestServer.await(TestServer.get().server.pg().preparedQuery(
                "SELECT customer_id, priority, linkedid FROM callbacks WHERE caller_number = '+8613570000002'")
                .execute()).iterator().next();
        assertEquals(customer, callback.getLong("customer_id"));
        assertEquals(20, callback.getInteger("priority"), "gold's priority");
        assertEquals(linkedid, callback.getString("linkedid"));
    }

    private static Row stored(String linkedid) {
        Row[] row = new Row[1];
        Await.until("call " + linkedid + " stored", Duration.ofSeconds(10), () -> {
            RowSet<Row> rows = TestServer.await(TestServer.get().server.pg().preparedQuery(CallSql.CALL_BY_LINKEDID)
                    .execute(Tuple.of(linkedid)));
            row[0] = rows.size() == 0 ? null : rows.iterator().next();
            return row[0] != null;
        });
        return row[0];
    }

    private static String summary(String linkedid) {
        RowSet<Row> rows = TestServer.await(TestServer.get().server.pg().preparedQuery(
                "SELECT summary FROM interactions WHERE linkedid = $1 AND kind = 'call'").execute(Tuple.of(linkedid)));
        assertEquals(1, rows.size(), "one line in the customer's history");
        return rows.iterator().next().getString("summary");
    }
}

package org.calldesk.worklist;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.web.Sockets;

import java.time.Clock;

import static org.calldesk.worklist.Attempts.utc;

/**
 * Tells an account manager's open screens of each new item on their list ({@code account-item} on their socket):
 * the items are written by the database whatever wrote the call or complaint, so they are found by claiming those
 * not yet announced, each once whichever node claims it.
 */
public final class AccountItemNotices {

    private static final int BATCH = 200;

    private final Vertx vertx;
    private final Pool pg;
    private final Clock clock;

    public AccountItemNotices(Vertx vertx, Pool pg, Clock clock) {
        this.vertx = vertx;
        this.pg = pg;
        this.clock = clock;
    }

    /** Announces what is new; how many. */
    public Future<Integer> announce() {
        return pg.preparedQuery(WorkListSql.CLAIM_NEW_ITEMS).execute(Tuple.of(utc(clock.instant()), BATCH)).map(rows -> {
            for (Row row : rows) {
                Sockets.toUser(vertx, row.getLong("agent_id"), new JsonObject().put("type", "account-item")
                        .put("id", row.getLong("id")).put("kind", row.getString("kind"))
                        .put("customerId", row.getLong("customer_id")).put("customer", row.getString("customer")), null);
            }
            return rows.size();
        });
    }
}

package org.calldesk.worklist;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.web.Access;
import org.calldesk.web.HttpError;
import org.calldesk.web.Pages;
import org.calldesk.web.WebVerticle;

import java.math.BigDecimal;
import java.time.LocalDate;



/**
 * "My accounts": the customers an agent manages, with their tier, value, last contact, open complaints and the
 * items the agent still owes them. Agents see their own; a supervisor may name any manager ({@code ?manager=}).
 */
public final class AccountsRoutes implements WebVerticle.Routes {

    private static final int LIMIT = 500;

    private final Pool pg;

    public AccountsRoutes(Pool pg) {
        this.pg = pg;
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/accounts").handler(Access.page(Role.AGENT)).handler(ctx -> page(ctx, pages));
        router.get("/api/accounts").handler(Access.api(Role.AGENT))
                .handler(ctx -> accounts(ctx).onSuccess(found -> ctx.json(new JsonObject()
                        .put("manager", found.manager()).put("accounts", found.accounts()))).onFailure(ctx::fail));
    }

    private record Found(long id, String manager, JsonArray accounts) {}

    private void page(RoutingContext ctx, Pages pages) {
        accounts(ctx).compose(found -> pages.render(ctx, "worklist/accounts.ftl", Pages.model("title", "Accounts",
                        "manager", found.manager(), "accounts", found.accounts().stream()
                                .map(a -> ((JsonObject) a).getMap()).toList())))
                .onFailure(ctx::fail);
    }

    private Future<Found> accounts(RoutingContext ctx) {
        SessionUser user = Access.user(ctx);
        String named = ctx.request().getParam("manager");
        Future<Found> manager;
        if (named == null || named.isBlank() || named.equals(user.username())) {
            manager = Future.succeededFuture(new Found(user.id(), user.displayName(), null));
        } else if (!user.role().atLeast(Role.SUPERVISOR)) {
            return Future.failedFuture(HttpError.forbidden("only a supervisor may see another manager's accounts"));
        } else if (named.length() > 100) {
            return Future.failedFuture(HttpError.badRequest("parameter 'manager' is too long"));
        } else {
            manager = pg.preparedQuery(WorkListSql.AGENT_BY_USERNAME).execute(Tuple.of(named)).map(rows -> {
                if (rows.size() == 0) {
                    throw HttpError.notFound("no agent named '" + named + "'");
                }
                Row row = rows.iterator().next();
                return new Found(row.getLong("id"), row.getString("display_name"), null);
            });
        }
        return manager.compose(found -> pg.preparedQuery(WorkListSql.ACCOUNTS).execute(Tuple.of(found.id(), LIMIT))
                .map(rows -> {
                    JsonArray list = new JsonArray();
                    rows.forEach(row -> list.add(json(row)));
                    return new Found(found.id(), found.manager(), list);
                }));
    }

    private static JsonObject json(Row row) {
        BigDecimal value = row.getBigDecimal("value");
        LocalDate last = row.getLocalDate("last_contact");
        return new JsonObject().put("id", row.getLong("id")).put("name", row.getString("name"))
                .put("tier", row.getString("tier")).put("value", value == null ? null : value.doubleValue())
                .put("lifecycle", row.getString("lifecycle")).put("lastContact", last == null ? null : last.toString())
                .put("openComplaints", row.getInteger("open_complaints")).put("openItems", row.getInteger("open_items"));
    }

}

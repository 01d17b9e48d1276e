package org.calldesk.complaints;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.calldesk.notifications.Notifications;
import org.calldesk.notifications.Recipient;
import org.calldesk.platform.Role;

import java.util.List;

/**
 * The kept (bell) notifications of escalations and satisfaction follow-ups: one for the complaint's owner, if it has
 * one, and one for the supervisors, linked to the complaint. They are written on the connection of the transaction
 * that claims the level or the follow-up, so a claim and its notifications are kept together or not at all: a node
 * that dies after the claim's commit can no longer lose them.
 */
final class KeptNotices {

    private final Notifications notifications;

    KeptNotices(Notifications notifications) {
        this.notifications = notifications;
    }

    /** Keeps what {@code message} (an escalation or follow-up-due notice) tells, in {@code tx}. */
    Future<Void> keep(SqlConnection tx, JsonObject message, Long owner) {
        long complaintId = message.getLong("complaintId");
        String kind;
        String key;
        if (message.getString("type").equals("follow-up-due")) {
            kind = "follow-up-due";
            key = "notify.complaint.followUp";
        } else {
            switch (message.getString("audience", "")) {
                case "owner" -> {
                    kind = "sla-at-risk";
                    key = "notify.complaint.atRisk";
                }
                case "supervisors" -> {
                    kind = "sla-breach";
                    key = "notify.complaint.breached";
                }
                default -> {
                    kind = "sla-overdue";
                    key = "notify.complaint.overdue";
                }
            }
        }
        List<Object> args = List.of(complaintId, message.getString("subject", ""), message.getString("customer", ""),
                message.getInteger("level", 0));
        String link = "/complaints/" + complaintId;
        // one after the other: statements of one transaction
        Future<Long> ownerKept = owner == null
                ? Future.succeededFuture()
                : notifications.notify(tx, Recipient.agent(owner), kind, key, args, link);
        return ownerKept.compose(v -> notifications.notify(tx, Recipient.role(Role.SUPERVISOR), kind, key, args, link))
                .mapEmpty();
    }
}

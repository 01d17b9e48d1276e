package org.calldesk.app;

import io.vertx.core.json.JsonObject;
import org.calldesk.agents.AgentSettings;
import org.calldesk.board.BoardQueue;
import org.calldesk.board.BoardSettings;
import org.calldesk.calls.CallSettings;
import org.calldesk.cluster.ClusterSettings;
import org.calldesk.complaints.ComplaintSettings;
import org.calldesk.complaints.SlaPolicies;
import org.calldesk.customers.LifecycleSettings;
import org.calldesk.customers.PhoneNumbers;
import org.calldesk.customers.Tiers;
import org.calldesk.notifications.NotificationSettings;
import org.calldesk.platform.ConfigSection;
import org.calldesk.platform.DataSettings;
import org.calldesk.platform.DatabaseSettings;
import org.calldesk.platform.DisplaySettings;
import org.calldesk.platform.HttpSettings;
import org.calldesk.platform.RedisSettings;
import org.calldesk.platform.SecuritySettings;
import org.calldesk.reports.AgentStateSettings;
import org.calldesk.reports.ReportSettings;
import org.calldesk.routing.RoutingPolicy;
import org.calldesk.telephony.TelephonyConfig;
import org.calldesk.web.SocketSettings;
import org.calldesk.worklist.CallbackSettings;

import java.util.List;

/**
 * Every section of the merged configuration, each read once into its own settings object at start-up; the
 * composition root hands each part only the one it needs. The switch simulator reads {@code telephony.sim} itself,
 * and only when it runs.
 */
public record Settings(
    HttpSettings http,
    SocketSettings sockets,
    DataSettings data,
    DatabaseSettings database,
    RedisSettings redis,
    PhoneNumbers phone,
    DisplaySettings display,
    Tiers tiers,
    LifecycleSettings lifecycle,
    SecuritySettings security,
    AgentSettings agents,
    CallSettings calls,
    DemoSettings demo,
    RoutingPolicy routing,
    SlaPolicies sla,
    TelephonyConfig telephony,
    List<BoardQueue> boardQueues,
    BoardSettings board,
    NotificationSettings notifications,
    ComplaintSettings complaints,
    OperationsSettings operations,
    CallbackSettings callbacks,
    ReportSettings reports,
    AgentStateSettings agentStates,
    ClusterSettings cluster) {

    public static Settings from(JsonObject config) {
        return from(ConfigSection.root(config));
    }

    public static Settings from(ConfigSection root) {
        Tiers tiers = Tiers.from(root);
        SlaPolicies sla = SlaPolicies.from(root, tiers);
        return new Settings(
            HttpSettings.from(root),
            SocketSettings.from(root),
            DataSettings.from(root),
            DatabaseSettings.from(root),
            RedisSettings.from(root),
            PhoneNumbers.from(root),
            DisplaySettings.from(root),
            tiers,
            LifecycleSettings.from(root),
            SecuritySettings.from(root),
            AgentSettings.from(root),
            CallSettings.from(root),
            DemoSettings.from(root),
            RoutingPolicy.from(root, tiers),
            sla,
            TelephonyConfig.from(root),
            BoardQueue.from(root),
            BoardSettings.from(root),
            NotificationSettings.from(root),
            ComplaintSettings.from(root, sla),
            OperationsSettings.from(root),
            CallbackSettings.from(root),
            ReportSettings.from(root),
            AgentStateSettings.from(root),
            ClusterSettings.from(root));
    }
}

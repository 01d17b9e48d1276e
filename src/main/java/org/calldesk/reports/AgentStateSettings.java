package org.calldesk.reports;

import org.calldesk.platform.ConfigSection;

/**
 * The {@code reports.agent_states} config section: how the history of agent states is written.
 *
 * @param flushMs    closed intervals and unanswered rings are written together this often (one statement each)
 * @param maxPending most rows kept while PostgreSQL does not answer; the oldest are dropped beyond it
 */
public record AgentStateSettings(int flushMs, int maxPending) {

    public static AgentStateSettings from(ConfigSection root) {
        ConfigSection states = root.section("reports").section("agent_states");
        return new AgentStateSettings(states.positiveInt("flush_ms"), states.positiveInt("max_pending"));
    }
}

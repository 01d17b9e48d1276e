/**
 * Historical reports for supervisors (and each agent's own figures): queues and tiers over time, the green
 * channel, agents, dispositions and reasons for calling, complaints and customer value, as JSON, pages with charts
 * and CSV. Figures are aggregated in PostgreSQL from rollup tables that triggers keep as calls end (V13), never by
 * loading calls into Java; the definitions (offered, service level, ASA) are the live board's. It also keeps the
 * history of agent states (V20, {@link org.calldesk.reports.AgentStates}): each state interval, unanswered ring and
 * hold, written in batches by the node holding the AMI link, behind the agents report's ring-no-answer, hold, paused
 * time by reason and occupancy.
 */
package org.calldesk.reports;

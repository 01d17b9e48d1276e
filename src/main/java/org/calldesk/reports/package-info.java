/**
 * Historical reports for supervisors (and each agent's own figures): queues and tiers over time, the green
 * channel, agents, dispositions and reasons for calling, complaints and customer value, as JSON, pages with charts
 * and CSV. Figures are aggregated in PostgreSQL from rollup tables that triggers keep as calls end (V13), never by
 * loading calls into Java; the definitions (offered, service level, ASA) are the live board's.
 */
package org.calldesk.reports;

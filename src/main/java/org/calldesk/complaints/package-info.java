/**
 * Complaints: the lifecycle and its audit trail, SLA targets and clocks in business time (paused while waiting
 * on the customer), escalations that fire exactly once, satisfaction follow-ups, the complaint board, the
 * {@code complaint-status} FastAGI script, and what routing and the pop need to know of a caller's complaints.
 */
package org.calldesk.complaints;

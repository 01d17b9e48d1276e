/**
 * The benchmark: starts a private calldesk and measures the performance budgets (pop, route and its floor, AMI
 * ingest, SLA escalation, the simulator's capacity), printing percentiles, rates and heap.
 */
package org.calldesk.bench;

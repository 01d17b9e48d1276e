/**
 * The agent's work list: the callbacks the hotline took (mine and my queues'), claimed so one agent dials each,
 * retried with back-off up to a limit and expiring; the satisfaction follow-ups due; the account manager's items
 * (their customers called, complained, had a complaint escalated) and the "my accounts" page; click-to-call from the
 * list, the pop and the 360° page, with the outcome of every attempt kept.
 */
package org.calldesk.worklist;

/**
 * The supervisors' queue wallboard: waiting callers by tier, agents by state, service level, speed of answer
 * and abandons over the rolling window and today.
 */
package org.calldesk.board;

/**
 * Business time: weekly opening hours in one time zone, holidays, 24×7; how much of it lies between two instants
 * and when a given amount of it runs out. Pure functions; used by SLA targets and by routing's opening hours.
 */
package org.calldesk.calendar;

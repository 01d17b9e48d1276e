/**
 * The switch simulator: a built-in PBX that speaks the AMI and FastAGI wire protocols as Asterisk 22 does
 * (manager interface with manager.conf's read and write classes, app_queue, the shipped hotline dialplan, originate,
 * generated traffic), with its HTTP control. Imports nothing of calldesk's: calldesk reaches it over TCP only,
 * exactly as it reaches a real Asterisk.
 */
package org.calldesk.sim;

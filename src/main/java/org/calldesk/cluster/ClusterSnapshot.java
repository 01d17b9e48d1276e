package org.calldesk.cluster;

import org.calldesk.telephony.CallEvent;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * What the AMI holder gives a node that joins: the call events that rebuild its live calls (routes, then a resync's
 * items), and each shared part of the holder's state as JSON text, by name.
 */
record ClusterSnapshot(ArrayList<CallEvent> events, HashMap<String, String> shared) implements Serializable {
}

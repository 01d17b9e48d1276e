package org.calldesk.telephony;

import org.asteriskjava.manager.action.QueueChangePriorityCallerAction;

/**
 * {@code QueueChangePriorityCaller} with {@code Immediate}: Asterisk-Java's action lacks the field, and
 * without {@code Immediate: yes} Asterisk changes the priority but leaves the caller where it waits.
 */
public class ChangePriorityCallerAction extends QueueChangePriorityCallerAction {

    private static final long serialVersionUID = 1L;

    private Boolean immediate;

    public ChangePriorityCallerAction(String queue, String callerChannel, int priority, boolean immediate) {
        super(queue, callerChannel, priority);
        this.immediate = immediate;
    }

    /** Written as {@code Immediate: yes|no}; Asterisk-Java's action builder reads every getter. */
    public String getImmediate() {
        return immediate == null ? null : immediate ? "yes" : "no";
    }

    public void setImmediate(Boolean immediate) {
        this.immediate = immediate;
    }
}

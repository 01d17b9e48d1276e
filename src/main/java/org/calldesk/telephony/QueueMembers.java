package org.calldesk.telephony;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.calldesk.telephony.LiveCalls.MemberChange;

/** Queue members by (queue, interface), for {@link LiveCalls}; same threading rules. */
final class QueueMembers {

    private final Map<String, QueueMemberState> members = new TreeMap<>();
    private final Map<String, Instant> memberSeen = new HashMap<>();
    /** The same members by lower-case interface, then queue: an agent's memberships without a walk over all. */
    private final Map<String, Map<String, QueueMemberState>> byIface = new HashMap<>();
    private final List<Consumer<MemberChange>> listeners = new CopyOnWriteArrayList<>();

    void onChange(Consumer<MemberChange> listener) {
        listeners.add(listener);
    }

    List<QueueMemberState> all() {
        return List.copyOf(members.values());
    }

    /** The interface's memberships, by queue name. */
    List<QueueMemberState> of(String iface) {
        Map<String, QueueMemberState> mine = iface == null ? null : byIface.get(iface.toLowerCase(Locale.ROOT));
        return mine == null ? List.of() : List.copyOf(mine.values());
    }

    /** After a resync: members QueueStatus no longer lists left while the link was down. */
    void dropUnseenSince(Instant startedAt) {
        for (Map.Entry<String, Instant> seen : List.copyOf(memberSeen.entrySet())) {
            if (seen.getValue().isBefore(startedAt)) {
                QueueMemberState gone = remove(seen.getKey());
                memberSeen.remove(seen.getKey());
                if (gone != null) {
                    fire(new MemberChange(gone, true));
                }
            }
        }
    }

    void accept(CallEvent.OfMember e) {
        String key = memberKey(e.queue(), e.iface());
        QueueMemberState old = members.get(key);
        if (e instanceof CallEvent.QueueMember && old != null && old.since().isAfter(e.at())) {
            // A resync list item read before a live change published ahead of it: keep the newer state.
            memberSeen.put(key, e.at());
            return;
        }
        QueueMemberState next = switch (e) {
            case CallEvent.QueueMemberStatus s -> new QueueMemberState(s.queue(), s.iface(), s.memberName(),
                s.status(), s.paused(), s.pausedReason(), s.inCall(), s.at());
            case CallEvent.QueueMember s -> new QueueMemberState(s.queue(), s.iface(), s.memberName(),
                s.status(), s.paused(), s.pausedReason(), s.inCall(), s.at());
            case CallEvent.QueueMemberAdded s -> new QueueMemberState(s.queue(), s.iface(), s.memberName(),
                s.status(), s.paused(), s.pausedReason(), false, s.at());
            case CallEvent.QueueMemberPause s -> old == null
                ? new QueueMemberState(s.queue(), s.iface(), s.memberName(), 0, s.paused(), s.reason(), false,
                    s.at())
                : new QueueMemberState(old.queue(), old.iface(), old.memberName(), old.status(), s.paused(),
                    s.reason(), old.inCall(), s.at());
            case CallEvent.QueueMemberRemoved s -> null;
        };
        if (next == null) {
            memberSeen.remove(key);
            if (remove(key) != null) {
                fire(new MemberChange(old, true));
            }
            return;
        }
        memberSeen.put(key, e.at());
        if (!sameState(old, next)) {
            put(key, next);
            fire(new MemberChange(next, false));
        }
    }

    private void put(String key, QueueMemberState member) {
        QueueMemberState old = members.put(key, member);
        if (old != null && !old.iface().equalsIgnoreCase(member.iface())) {
            unindex(old);
        }
        byIface.computeIfAbsent(ifaceKey(member.iface()), k -> new TreeMap<>()).put(member.queue(), member);
    }

    private QueueMemberState remove(String key) {
        QueueMemberState gone = members.remove(key);
        if (gone != null) {
            unindex(gone);
        }
        return gone;
    }

    private void unindex(QueueMemberState member) {
        Map<String, QueueMemberState> mine = byIface.get(ifaceKey(member.iface()));
        if (mine != null) {
            mine.remove(member.queue());
            if (mine.isEmpty()) {
                byIface.remove(ifaceKey(member.iface()));
            }
        }
    }

    private static String ifaceKey(String iface) {
        return iface == null ? "" : iface.toLowerCase(Locale.ROOT);
    }

    private void fire(MemberChange change) {
        listeners.forEach(l -> l.accept(change));
    }

    private static boolean sameState(QueueMemberState a, QueueMemberState b) {
        return a != null && a.status() == b.status() && a.paused() == b.paused()
            && Objects.equals(a.pausedReason(), b.pausedReason()) && a.inCall() == b.inCall()
            && Objects.equals(a.memberName(), b.memberName());
    }

    private static String memberKey(String queue, String iface) {
        return queue + "\u0000" + (iface == null ? "" : iface.toLowerCase(Locale.ROOT));
    }
}

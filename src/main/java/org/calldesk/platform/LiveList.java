package org.calldesk.platform;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Spliterator;
import java.util.stream.Stream;

/**
 * A list of names an administrator may change while the server runs (pause reasons, dispositions, complaint
 * categories): every holder reads the current names, and {@link #replace} swaps them all at once. Reads see one
 * whole version, never half of two: each read goes to one immutable snapshot.
 */
public final class LiveList extends AbstractList<String> {

    private volatile List<String> current;

    private LiveList(List<String> values) {
        this.current = List.copyOf(values);
    }

    public static LiveList of(List<String> values) {
        return new LiveList(values);
    }

    /**
     * Puts new names in a list that settings made live; {@code IllegalStateException} for a list that is not live,
     * which would mean a change that never reaches the parts holding it.
     */
    public static void replace(List<String> live, List<String> values) {
        if (!(live instanceof LiveList list)) {
            throw new IllegalStateException("this list cannot change while the server runs");
        }
        list.current = List.copyOf(values);
    }

    /** The names now, as one immutable list. */
    public List<String> snapshot() {
        return current;
    }

    @Override
    public String get(int index) {
        return current.get(index);
    }

    @Override
    public int size() {
        return current.size();
    }

    @Override
    public boolean contains(Object o) {
        return current.contains(o);
    }

    @Override
    public Iterator<String> iterator() {
        return current.iterator();
    }

    @Override
    public ListIterator<String> listIterator() {
        return current.listIterator();
    }

    @Override
    public Spliterator<String> spliterator() {
        return current.spliterator();
    }

    @Override
    public Stream<String> stream() {
        return current.stream();
    }

    @Override
    public Object[] toArray() {
        return current.toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
        return current.toArray(a);
    }

    @Override
    public String toString() {
        return current.toString();
    }
}

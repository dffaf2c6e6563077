package io.sasync.store;

import io.sasync.SAsyncException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link PersistentDict} could not write entries behind because the database could not be
 * reached, and gave up waiting: its {@link PersistentDict#shutdown() shutdown} (or a
 * {@link PersistentDict#flush() flush} after it) tried, and the database was still unreachable.
 * The cause is the last connection failure.
 *
 * <p>Nothing is dropped silently. When the dict's own {@code shutdown()} fails with this
 * exception the dict <em>keeps</em> the entries: calling {@code flush()} or {@code shutdown()}
 * again, once the database is back, writes them. When the broker's shutdown fails with it, the
 * broker is gone and the dict can no longer write them: {@link #unwritten()} is then the only
 * copy, to be written through a dict on another broker or saved elsewhere.
 */
public class WriteBehindException extends SAsyncException {

    private final transient Map<Object, Object> unwritten;
    private final boolean clearFirst;

    /**
     * @param message    which store, how many entries, and what to do
     * @param cause      the last failure to reach the database
     * @param clearFirst whether a {@link PersistentDict#clear()} was not written either and comes
     *                   before the entries
     * @param unwritten  the entries not written, in the order they were first issued: each key
     *                   with its last value, {@code null} for a key removed
     */
    public WriteBehindException(String message, Throwable cause, boolean clearFirst, Map<?, ?> unwritten) {
        super(message, cause);
        this.clearFirst = clearFirst;
        this.unwritten = Collections.unmodifiableMap(new LinkedHashMap<>(unwritten));
    }

    /** @return how many entries (keys written or removed) could not be written */
    public int count() {
        return unwritten == null ? 0 : unwritten.size();
    }

    /**
     * @return whether a {@code clear()} of the whole dict could not be written either: it comes
     *         before the entries of {@link #unwritten()}
     */
    public boolean clearFirst() {
        return clearFirst;
    }

    /**
     * The writes that were not committed, as they stood when the dict gave up: to replay them,
     * clear first if {@link #clearFirst()}, then put each key with a value and remove each key
     * whose value is {@code null}.
     *
     * @return each unwritten key with its last value, or {@code null} when it was removed, in
     *         the order the keys were first written (unmodifiable; empty after deserialization)
     */
    public Map<Object, Object> unwritten() {
        return unwritten == null ? Map.of() : unwritten;
    }
}

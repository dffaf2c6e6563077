package io.sasync;

import java.util.Objects;

/**
 * A unit of database work, run by a {@link Broker} inside one transaction on one pooled
 * connection: committed when {@link #run} returns, rolled back when it throws.
 *
 * <p>{@code run} executes on a queue worker thread. It must not block on futures of other
 * transactions of the same broker (with a single worker that would wait forever); nested
 * calls to {@link Broker#transact} from inside {@code run} are safe: they run inline in the
 * same transaction.
 *
 * <pre>{@code
 * broker.transact(session -> session.update("UPDATE account SET balance = balance - ? WHERE id = ?", 10, 7));
 * }</pre>
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface Work<T> {

    /**
     * Does the work.
     *
     * @param session the transaction's session, valid only until this method returns
     * @return the result the transaction's future completes with
     * @throws Exception anything; it rolls the transaction back
     */
    T run(Session session) throws Exception;

    /**
     * Gives a work a name that error messages and logs use instead of a lambda's class name.
     *
     * @param name what the work does, e.g. {@code "seed people"}
     * @param work the work
     * @param <T>  the result type
     * @return a work that runs {@code work} and whose {@code toString()} is {@code name}
     */
    static <T> Work<T> named(String name, Work<T> work) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(work, "work");
        return new Work<>() {
            @Override
            public T run(Session session) throws Exception {
                return work.run(session);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}

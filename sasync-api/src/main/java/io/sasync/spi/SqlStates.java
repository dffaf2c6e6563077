package io.sasync.spi;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * Reads failures the way every part of sAsync needs to: the SQL states carried anywhere in an
 * exception's chain, and the failure a future's wrapper hides.
 *
 * <p>Drivers and pools wrap: DBCP2 reports a refused connection as an {@link SQLException}
 * without a SQL state whose cause is the driver's exception with the real one, and drivers chain
 * further errors with {@link SQLException#getNextException()}. Every method here looks through
 * both chains (causes, and each {@code SQLException}'s next exceptions), at most
 * {@value #MAX_DEPTH} exceptions deep, and is safe against cycles.
 *
 * <pre>{@code
 * public boolean isRetryable(SQLException e) {
 *     return SqlStates.has(e, "40001", "40P01");
 * }
 * }</pre>
 */
public final class SqlStates {

    /** How many exceptions of a chain are looked at, at most. */
    public static final int MAX_DEPTH = 32;

    private SqlStates() {
    }

    /**
     * @param failure an exception, perhaps a {@link CompletionException} or {@link ExecutionException}
     * @return the exception such wrappers carry, or {@code failure} itself
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * @param failure an exception, or {@code null}
     * @return every {@link SQLException} in its chain, in order: each cause, and after each
     *         {@code SQLException} its next exceptions
     */
    public static List<SQLException> chain(Throwable failure) {
        List<SQLException> found = new ArrayList<>();
        int seen = 0;
        for (Throwable t = failure; t != null && seen < MAX_DEPTH; t = t.getCause() == t ? null : t.getCause()) {
            seen++;
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null && found.size() < MAX_DEPTH; next = next.getNextException()) {
                    if (!found.contains(next)) {
                        found.add(next);
                    }
                }
            }
        }
        return found;
    }

    /**
     * @param failure an exception, or {@code null}
     * @return the SQL states found in its chain, in order, without {@code null}s
     */
    public static List<String> all(Throwable failure) {
        return chain(failure).stream().map(SQLException::getSQLState).filter(s -> s != null).toList();
    }

    /**
     * @param failure an exception, or {@code null}
     * @param states  SQL states to look for
     * @return whether its chain carries one of them
     */
    public static boolean has(Throwable failure, String... states) {
        List<String> found = all(failure);
        for (String state : states) {
            if (found.contains(state)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param failure an exception, or {@code null}
     * @param classes SQL state classes, the two first characters of a state (e.g. {@code "08"})
     * @return whether its chain carries a state of one of those classes
     */
    public static boolean hasClass(Throwable failure, String... classes) {
        for (String state : all(failure)) {
            for (String c : classes) {
                if (state.startsWith(c)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param failure an exception, or {@code null}
     * @param test    what to look for
     * @return the first {@link SQLException} of the chain that passes the test
     */
    public static Optional<SQLException> find(Throwable failure, Predicate<? super SQLException> test) {
        return chain(failure).stream().filter(test).findFirst();
    }

    /**
     * The database error that explains a failure: the first {@link SQLException} of the chain
     * that carries a SQL state, or else the first one. A pool's wrapper without a state thus
     * gives way to the driver's error beneath it.
     *
     * @param failure an exception, or {@code null}
     * @return the database error, if the chain holds one
     */
    public static Optional<SQLException> first(Throwable failure) {
        List<SQLException> chain = chain(failure);
        return chain.stream().filter(e -> e.getSQLState() != null).findFirst()
                .or(() -> chain.stream().findFirst());
    }

    /**
     * @param failure an exception, or {@code null}
     * @param type    an exception type
     * @return whether the chain of causes holds an exception of that type
     */
    public static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        int seen = 0;
        for (Throwable t = failure; t != null && seen < MAX_DEPTH; t = t.getCause() == t ? null : t.getCause()) {
            seen++;
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}

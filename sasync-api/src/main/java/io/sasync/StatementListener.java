package io.sasync;

import java.time.Duration;
import java.util.List;

/**
 * Told before and after every statement a broker runs on your behalf: those of
 * {@link Session#query}, {@link Session#first}, {@link Session#update}, {@link Session#batch},
 * {@link Session#insert} (and so of {@code sql}, {@code update} and the stores), and the query of
 * a {@link RowStream}. Statements a work executes itself, on {@link Session#prepared} handles or
 * on {@link Session#connection()}, are not seen. Register listeners on the config
 * ({@link DatabaseConfig.Builder#statementListener}); with none, nothing is measured or allocated.
 *
 * <p>Both methods run on the worker thread, around the statement, so they must be quick and must
 * not block; a listener that throws is logged and otherwise ignored. {@code beforeStatement} may
 * return a token, given back to {@code afterStatement} for the same statement: a started span of
 * a tracer, a timer sample.
 *
 * <pre>{@code
 * // OpenTelemetry: one span per statement
 * StatementListener tracing = new StatementListener() {
 *     public Object beforeStatement(StatementEvent s) {
 *         return tracer.spanBuilder(s.kind().name()).setAttribute("db.statement", s.sql()).startSpan();
 *     }
 *     public void afterStatement(StatementEvent s, Object span, StatementResult r) {
 *         if (r.failure() != null) ((Span) span).recordException(r.failure());
 *         ((Span) span).end();
 *     }
 * };
 * }</pre>
 */
public interface StatementListener {

    /**
     * A statement is about to run.
     *
     * @param statement what runs
     * @return anything to have back in {@link #afterStatement}; may be {@code null}
     */
    default Object beforeStatement(StatementEvent statement) {
        return null;
    }

    /**
     * A statement has run, or failed.
     *
     * @param statement what ran
     * @param token     what {@link #beforeStatement} returned
     * @param result    how long it took, the rows, the failure
     */
    default void afterStatement(StatementEvent statement, Object token, StatementResult result) {
    }

    /** The kind of statement. */
    enum Kind {
        /** A query whose rows are read at once ({@code query}, {@code first}). */
        QUERY,
        /** An update ({@code update}). */
        UPDATE,
        /** A JDBC batch of one statement with many rows of parameters ({@code batch}). */
        BATCH,
        /** An insert returning a generated key ({@code insert}). */
        INSERT,
        /** The query of a stream, whose rows are then read chunk by chunk. */
        STREAM
    }

    /**
     * A statement about to run.
     *
     * @param sql         the SQL
     * @param parameters  the values bound to it, in order (empty for a batch: see {@code batchSize})
     * @param batchSize   how many rows of parameters a batch has; 1 otherwise
     * @param kind        what kind of statement it is
     * @param priority    the priority of the transaction it runs in
     * @param transaction a number that tells the statements of one transaction (or one stream)
     *                    from those of others, increasing through the process
     * @param work        how the transaction's work names itself ({@link Work#named}), or
     *                    {@code "transaction"}
     */
    record StatementEvent(String sql, List<Object> parameters, int batchSize, Kind kind, Priority priority,
                          long transaction, String work) {

        /** @return how many values are bound to it */
        public int parameterCount() {
            return parameters.size();
        }
    }

    /**
     * How a statement ended.
     *
     * @param duration how long it ran, as measured around the driver's call
     * @param rows     the rows it returned or changed (for a batch, changed in total; for a stream,
     *                 -1: its rows are read later), or -1 when it failed or the driver did not say
     * @param failure  why it failed, or {@code null}
     */
    record StatementResult(Duration duration, long rows, Throwable failure) {
    }
}

package io.sasync.core;

import io.sasync.StatementListener;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two {@link StatementListener}s sAsync ships, both logging through SLF4J.
 *
 * <ul>
 *   <li>{@link #sql()}: every statement, on the logger {@value #SQL_LOGGER}: at {@code DEBUG} its
 *       SQL, kind, rows, duration, the transaction and its priority; at {@code TRACE} also the
 *       values bound to it (byte arrays as their length, long texts cut). Parameter values are
 *       logged at {@code TRACE} only: turn it on only where they may be read.</li>
 *   <li>{@link #slowerThan(Duration)}: statements that took at least a threshold, at {@code WARN}
 *       on {@value #SLOW_LOGGER}, without their values.</li>
 * </ul>
 *
 * <pre>{@code
 * DatabaseConfig config = DatabaseConfig.builder(url)
 *         .statementListener(StatementLogging.sql())
 *         .statementListener(StatementLogging.slowerThan(Duration.ofMillis(200)))
 *         .build();
 * }</pre>
 *
 * <p>Nothing is formatted when the level is off. The connection's credentials never appear: a
 * statement's text and values are all that is logged.
 */
public final class StatementLogging {

    /** The logger of {@link #sql()}. */
    public static final String SQL_LOGGER = "io.sasync.sql";
    /** The logger of {@link #slowerThan(Duration)}. */
    public static final String SLOW_LOGGER = "io.sasync.sql.slow";
    /** The longest text value logged whole at {@code TRACE}. */
    static final int MAX_TEXT = 100;

    private StatementLogging() {
    }

    /** @return a listener logging every statement at DEBUG, and its values at TRACE */
    public static StatementListener sql() {
        Logger log = LoggerFactory.getLogger(SQL_LOGGER);
        return new StatementListener() {
            @Override
            public void afterStatement(StatementEvent statement, Object token, StatementResult result) {
                if (log.isTraceEnabled()) {
                    log.trace("{} with {}", describe(statement, result), values(statement.parameters()));
                } else if (log.isDebugEnabled()) {
                    log.debug(describe(statement, result));
                }
            }

            @Override
            public String toString() {
                return "StatementLogging.sql()";
            }
        };
    }

    /**
     * @param threshold the shortest duration logged, positive
     * @return a listener logging, at WARN, every statement that took at least {@code threshold}
     */
    public static StatementListener slowerThan(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("the threshold must be positive, was " + threshold);
        }
        Logger log = LoggerFactory.getLogger(SLOW_LOGGER);
        return new StatementListener() {
            @Override
            public void afterStatement(StatementEvent statement, Object token, StatementResult result) {
                if (result.duration().compareTo(threshold) >= 0 && log.isWarnEnabled()) {
                    log.warn("slower than {}: {}", threshold, describe(statement, result));
                }
            }

            @Override
            public String toString() {
                return "StatementLogging.slowerThan(" + threshold + ")";
            }
        };
    }

    static String describe(StatementListener.StatementEvent s, StatementListener.StatementResult r) {
        StringBuilder out = new StringBuilder()
                .append(s.kind()).append(" in transaction ").append(s.transaction())
                .append(" (").append(s.work()).append(", ").append(s.priority()).append("): ")
                .append(String.format(Locale.ROOT, "%.3f ms", r.duration().toNanos() / 1e6));
        if (r.failure() != null) {
            out.append(", failed: ").append(r.failure());
        } else if (r.rows() >= 0) {
            out.append(", ").append(r.rows()).append(r.rows() == 1 ? " row" : " rows");
        }
        if (s.batchSize() > 1) {
            out.append(", a batch of ").append(s.batchSize());
        }
        return out.append(": ").append(s.sql()).toString();
    }

    static String values(List<Object> values) {
        return values.stream().map(StatementLogging::value).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String value(Object v) {
        if (v instanceof byte[] bytes) {
            return "byte[" + bytes.length + "]";
        }
        if (v instanceof CharSequence text && text.length() > MAX_TEXT) {
            return "'" + text.subSequence(0, MAX_TEXT) + "…' (" + text.length() + " characters)";
        }
        return v instanceof CharSequence ? "'" + v + "'" : String.valueOf(v);
    }
}

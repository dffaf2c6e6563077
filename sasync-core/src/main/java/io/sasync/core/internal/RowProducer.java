package io.sasync.core.internal;

import io.sasync.Broker;
import io.sasync.Session;
import io.sasync.Work;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * {@link Broker#produceRows}: asynchronous values in any order, rows in input order.
 *
 * <p>The values are awaited before the transaction starts, so no connection is held while
 * {@code f} works, and a failing {@code f} means no transaction at all. The first failure fails
 * the call at once; values still pending are ignored.
 */
public final class RowProducer {

    private RowProducer() {
    }

    /**
     * @param broker the broker whose transaction inserts the rows
     * @param <I>    the input type
     * @see Broker#produceRows
     */
    public static <I> CompletableFuture<List<Object>> produce(Broker broker, List<? extends I> inputs,
            Function<? super I, ? extends CompletionStage<?>> f,
            String table, String column, Map<String, ?> constants, String keyColumn) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(constants, "constants");
        Objects.requireNonNull(keyColumn, "keyColumn");
        Map<String, Object> fixed = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : constants.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "a constant's column name");
            if (name.toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the constants name the produced column " + column
                        + ": each row takes that column's value from f");
            }
            fixed.put(name, e.getValue());
        }
        List<I> in = List.copyOf(inputs);

        CompletableFuture<List<Object>> result = new CompletableFuture<>();
        List<CompletableFuture<?>> values = new ArrayList<>(in.size());
        for (I input : in) {
            CompletableFuture<?> value;
            try {
                value = Objects.requireNonNull(f.apply(input), "f returned null for " + input).toCompletableFuture();
            } catch (RuntimeException e) {
                value = CompletableFuture.failedFuture(e);
            }
            value.whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(SqlStates.unwrap(e));
                }
            });
            values.add(value);
        }
        CompletableFuture.allOf(values.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> broker.transact(Work.named("produceRows into " + table,
                        session -> insert(session, table, column, fixed, keyColumn, values))))
                .whenComplete((keys, e) -> {
                    if (e != null) {
                        result.completeExceptionally(SqlStates.unwrap(e));
                    } else {
                        result.complete(keys);
                    }
                });
        return result;
    }

    private static List<Object> insert(Session session, String table, String column, Map<String, Object> constants,
            String keyColumn, List<CompletableFuture<?>> values) throws SQLException {
        Dialect dialect = session.dialect();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(dialect.quote(table))
                .append(" (").append(dialect.quote(column));
        for (String name : constants.keySet()) {
            sql.append(", ").append(dialect.quote(name));
        }
        sql.append(") VALUES (?").append(", ?".repeat(constants.size())).append(')');
        String insert = sql.toString();

        List<Object> keys = new ArrayList<>(values.size());
        Object[] params = new Object[1 + constants.size()];
        int i = 1;
        for (Object constant : constants.values()) {
            params[i++] = constant;
        }
        for (CompletableFuture<?> value : values) {
            params[0] = value.join();
            keys.add(session.insert(insert, keyColumn, params));
        }
        return keys;
    }
}

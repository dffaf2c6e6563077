package io.sasync.spi;

import java.util.List;
import java.util.stream.IntStream;

/**
 * An upsert statement made by {@link Dialect#upsert}: its SQL, and which value each {@code ?}
 * placeholder takes. Some databases need a value more than once (Derby's {@code MERGE} names the
 * key in its {@code ON} clause and again in its {@code INSERT}); {@link #arrange} lays the values
 * out accordingly.
 *
 * @param sql        the SQL
 * @param parameters for each placeholder in order, the index of its value in the list
 *                   <em>key values, then other values</em>
 */
public record Upsert(String sql, List<Integer> parameters) {

    /** Copies the parameter list. */
    public Upsert {
        parameters = List.copyOf(parameters);
    }

    /**
     * @param sql   SQL whose placeholders take the key values then the other values, once each
     * @param count the number of placeholders
     * @return the upsert
     */
    public static Upsert inOrder(String sql, int count) {
        return new Upsert(sql, IntStream.range(0, count).boxed().toList());
    }

    /**
     * @param keysThenValues the key values followed by the other values
     * @return the parameters to bind, one per placeholder
     */
    public Object[] arrange(Object[] keysThenValues) {
        Object[] out = new Object[parameters.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = keysThenValues[parameters.get(i)];
        }
        return out;
    }
}

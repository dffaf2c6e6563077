package io.sasync;

import io.sasync.spi.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The connection of one running transaction, wrapped for convenient use by a {@link Work}.
 *
 * <p>Parameters are bound positionally to the {@code ?} placeholders, through the dialect (so
 * {@code null}, {@code java.time} values and {@code byte[]} bind the way the database expects).
 * Rows come back detached from the {@code ResultSet}: they stay valid after the transaction.
 *
 * <p>A session is valid only while its work runs; any call after the work has returned fails
 * with {@link IllegalStateException}. Sessions are confined to the worker thread running the
 * work and are not thread-safe.
 */
public interface Session {

    /**
     * Runs a query.
     *
     * @param sql    SQL with {@code ?} placeholders
     * @param params one value per placeholder
     * @return every row, in the order the database returned them
     * @throws SQLException when the database refuses the statement
     */
    List<Row> query(String sql, Object... params) throws SQLException;

    /**
     * Runs a query with named parameters: {@code :name} in the SQL, a value per name in the map
     * (a name may appear several times). The SQL is parsed once and kept, like the statement.
     * Text in string literals, quoted identifiers and comments, and PostgreSQL's {@code ::}
     * casts, are not parameters.
     *
     * <pre>{@code
     * session.queryNamed("SELECT * FROM people WHERE team = :team AND born > :year",
     *         Map.of("team", "blue", "year", 1900));
     * }</pre>
     *
     * @param sql    SQL with {@code :name} parameters (and no {@code ?})
     * @param params a value for each name, and no others
     * @return every row
     * @throws SQLException             when the database refuses the statement
     * @throws IllegalArgumentException when a name has no value, a value no name, or the SQL has
     *                                  {@code ?} placeholders too
     */
    List<Row> queryNamed(String sql, Map<String, ?> params) throws SQLException;

    /**
     * {@link #first} with named parameters, as {@link #queryNamed}.
     *
     * @param sql    SQL with {@code :name} parameters
     * @param params a value for each name
     * @return the first row, or empty when there is none
     * @throws SQLException when the database refuses the statement
     */
    Optional<Row> firstNamed(String sql, Map<String, ?> params) throws SQLException;

    /**
     * {@link #update} with named parameters, as {@link #queryNamed}.
     *
     * @param sql    SQL with {@code :name} parameters
     * @param params a value for each name
     * @return the number of rows changed
     * @throws SQLException when the database refuses the statement
     */
    int updateNamed(String sql, Map<String, ?> params) throws SQLException;

    /**
     * Runs a query and returns its first row, if any. Only the first row is fetched.
     *
     * @param sql    SQL with {@code ?} placeholders
     * @param params one value per placeholder
     * @return the first row, or empty when there is none
     * @throws SQLException when the database refuses the statement
     */
    Optional<Row> first(String sql, Object... params) throws SQLException;

    /**
     * Runs a query and returns its rows as Java objects: records, beans, or single-column values,
     * mapped by column name as {@link Row#as} maps them.
     *
     * <pre>{@code
     * record Person(long id, String name, LocalDate born) {}
     *
     * List<Person> people = session.query(Person.class, "SELECT id, name, born FROM people WHERE team = ?", "blue");
     * List<String> names = session.query(String.class, "SELECT name FROM people");
     * }</pre>
     *
     * <p>The type comes first, before the SQL, so that this can never be taken for
     * {@link #query(String, Object...)}, whatever the parameters (a {@code null} among them
     * included).
     *
     * @param type   the record, bean or column type of each row
     * @param sql    SQL with {@code ?} placeholders
     * @param params one value per placeholder
     * @param <T>    the type
     * @return one object per row, in the order the database returned them (an unmodifiable list,
     *         which holds {@code null} for a {@code NULL} single-column value)
     * @throws SQLException        when the database refuses the statement
     * @throws RowMappingException when a row cannot be mapped to the type
     */
    default <T> List<T> query(Class<T> type, String sql, Object... params) throws SQLException {
        Objects.requireNonNull(type, "type");
        List<Row> rows = query(sql, params);
        List<T> mapped = new ArrayList<>(rows.size());
        for (Row row : rows) {
            mapped.add(row.as(type));
        }
        return Collections.unmodifiableList(mapped);
    }

    /**
     * Runs a query and returns its first row, if any, as a Java object mapped as {@link Row#as}
     * maps it. Only the first row is fetched.
     *
     * @param type   the record, bean or column type of the row
     * @param sql    SQL with {@code ?} placeholders
     * @param params one value per placeholder
     * @param <T>    the type
     * @return the first row as the type; empty when there is no row, or when the type is a
     *         column type and the first row's value is {@code NULL}
     * @throws SQLException        when the database refuses the statement
     * @throws RowMappingException when the row cannot be mapped to the type
     */
    default <T> Optional<T> first(Class<T> type, String sql, Object... params) throws SQLException {
        Objects.requireNonNull(type, "type");
        return first(sql, params).map(row -> row.as(type));
    }

    /**
     * Runs an {@code INSERT}, {@code UPDATE}, {@code DELETE} or DDL statement.
     *
     * @param sql    SQL with {@code ?} placeholders
     * @param params one value per placeholder
     * @return the number of rows changed
     * @throws SQLException when the database refuses the statement
     */
    int update(String sql, Object... params) throws SQLException;

    /**
     * Runs one statement for many parameter sets as a JDBC batch.
     *
     * @param sql  SQL with {@code ?} placeholders
     * @param rows one parameter array per execution
     * @return the update count of each execution (may be {@link java.sql.Statement#SUCCESS_NO_INFO})
     * @throws SQLException when the database refuses the batch
     */
    int[] batch(String sql, List<Object[]> rows) throws SQLException;

    /**
     * Runs an {@code INSERT} and returns the key the database generated for it.
     *
     * @param sql       an {@code INSERT} with {@code ?} placeholders
     * @param keyColumn the generated column, e.g. {@code "id"}
     * @param params    one value per placeholder
     * @return the generated key; integral numbers come back as {@link Long}
     * @throws SQLException when the database refuses the statement or generates no key
     */
    Object insert(String sql, String keyColumn, Object... params) throws SQLException;

    /**
     * A prepared statement kept in a per-connection cache (the Java form of the original
     * {@code s()}): the first call on a pooled connection prepares it, later transactions that
     * borrow the same connection get the same statement back, its parameters cleared. A name
     * given other SQL in a later transaction replaces its statement. Cached statements are closed
     * when the queue shuts down. Asking again for the same name within one transaction returns
     * the same statement.
     *
     * @param name a name for the statement, unique per SQL text within a transaction
     * @param sql  the SQL to prepare
     * @return the prepared statement; do not close it
     * @throws SQLException when the database cannot prepare it
     * @throws IllegalArgumentException when the name is already used in this transaction for
     *                                  another SQL text
     */
    PreparedStatement prepared(String name, String sql) throws SQLException;

    /**
     * Binds parameters to a statement the same way {@link #query} does.
     *
     * @param statement the statement
     * @param params    one value per placeholder
     * @throws SQLException when a value cannot be bound
     */
    void bind(PreparedStatement statement, Object... params) throws SQLException;

    /**
     * The JDBC connection of this transaction. Do not commit, roll back or close it: the broker
     * does that when the work returns.
     *
     * @return the connection
     */
    Connection connection();

    /** @return the dialect of the database this session is connected to */
    Dialect dialect();
}

package io.sasync.core.internal;

import io.sasync.Row;
import io.sasync.spi.Dialect;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rows of a {@link ResultSet} into detached {@link Row}s: values through the
 * dialect's {@link Dialect#read}, large objects read into memory. One reader serves all rows of
 * a result, so the column labels and types are looked up once.
 */
public final class ResultRows {

    private final ResultSet rs;
    private final Dialect dialect;
    private final Row.Columns columns;
    private final int[] types;

    /**
     * @param rs      a result set positioned before its first row
     * @param dialect the dialect that reads values
     * @throws SQLException when the metadata cannot be read
     */
    public ResultRows(ResultSet rs, Dialect dialect) throws SQLException {
        this.rs = rs;
        this.dialect = dialect;
        ResultSetMetaData md = rs.getMetaData();
        int count = md.getColumnCount();
        List<String> labels = new ArrayList<>(count);
        types = new int[count];
        for (int i = 1; i <= count; i++) {
            labels.add(md.getColumnLabel(i));
            types[i - 1] = md.getColumnType(i);
        }
        columns = Row.Columns.of(labels);
    }

    /**
     * @return the current row, detached
     * @throws SQLException when a value cannot be read
     */
    public Row current() throws SQLException {
        Object[] values = new Object[types.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = detach(dialect.read(rs, i + 1, types[i]));
        }
        return columns.row(values);
    }

    /**
     * @param rs      a result set positioned before its first row
     * @param dialect the dialect that reads values
     * @param max     the most rows to read
     * @return up to {@code max} rows
     * @throws SQLException when reading fails
     */
    public static List<Row> read(ResultSet rs, Dialect dialect, int max) throws SQLException {
        ResultRows reader = new ResultRows(rs, dialect);
        List<Row> rows = new ArrayList<>();
        while (rows.size() < max && rs.next()) {
            rows.add(reader.current());
        }
        return rows;
    }

    private static Object detach(Object value) throws SQLException {
        // The common values first: the checks below are against interfaces, which cost a scan of
        // the value's class's interfaces whenever they fail (most of the cost of reading a row).
        if (value == null || value instanceof String || value instanceof Number) {
            return value;
        }
        if (value instanceof Clob clob) {
            try {
                return clob.length() == 0 ? "" : clob.getSubString(1, Math.toIntExact(clob.length()));
            } finally {
                clob.free();
            }
        }
        if (value instanceof Blob blob) {
            try {
                return blob.length() == 0 ? new byte[0] : blob.getBytes(1, Math.toIntExact(blob.length()));
            } finally {
                blob.free();
            }
        }
        if (value instanceof SQLXML xml) {
            try {
                return xml.getString();
            } finally {
                xml.free();
            }
        }
        if (value instanceof Array array) {
            try {
                Object[] elements = (Object[]) array.getArray();
                for (int i = 0; i < elements.length; i++) {
                    elements[i] = detach(elements[i]);
                }
                return elements;
            } finally {
                array.free();
            }
        }
        return value;
    }
}

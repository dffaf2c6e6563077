package io.sasync.core.internal;

import io.sasync.Row;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.util.ArrayList;
import java.util.List;

/** Reads {@link ResultSet}s into detached {@link Row}s. */
public final class ResultRows {

    private ResultRows() {
    }

    /**
     * @param rs a result set positioned before its first row
     * @return the column header shared by its rows
     * @throws SQLException when the metadata cannot be read
     */
    public static Row.Columns columns(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> labels = new ArrayList<>(md.getColumnCount());
        for (int i = 1; i <= md.getColumnCount(); i++) {
            labels.add(md.getColumnLabel(i));
        }
        return Row.Columns.of(labels);
    }

    /**
     * @param rs      a result set positioned on a row
     * @param columns its header
     * @return the current row, detached: large objects read into memory
     * @throws SQLException when a value cannot be read
     */
    public static Row current(ResultSet rs, Row.Columns columns) throws SQLException {
        Object[] values = new Object[columns.labels().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = detach(rs.getObject(i + 1));
        }
        return columns.row(values);
    }

    /**
     * @param rs  a result set positioned before its first row
     * @param max the most rows to read
     * @return up to {@code max} rows
     * @throws SQLException when reading fails
     */
    public static List<Row> read(ResultSet rs, int max) throws SQLException {
        Row.Columns columns = columns(rs);
        List<Row> rows = new ArrayList<>();
        while (rows.size() < max && rs.next()) {
            rows.add(current(rs, columns));
        }
        return rows;
    }

    private static Object detach(Object value) throws SQLException {
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

package io.sasync.persistence;

import io.sasync.Session;
import io.sasync.persistence.WriteQueue.Write;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a dict's rows in {@code sasync_items}: an upsert for a value, a delete for a removal,
 * one at a time or a batch at a time.
 */
final class ItemRows {

    private ItemRows() {
    }

    /** Upserts the row, or deletes it for {@code null} bytes. */
    static void write(Session s, Tables.Sql q, long group, String name, byte[] bytes) throws SQLException {
        if (bytes == null) {
            s.update(q.deleteOne(), group, name);
        } else {
            s.update(q.upsert().sql(), q.upsert().arrange(new Object[] {group, name, bytes}));
        }
    }

    /**
     * Writes in the order of the names, upserts and deletes alike, so that two processes writing
     * the same keys lock their rows in the same order and never deadlock over them; runs of
     * upserts, and of deletes, go as JDBC batches.
     *
     * @return the writes, in the order written
     */
    static List<Write> writeAll(Session s, Tables.Sql q, long group, List<Write> writes) throws SQLException {
        List<Write> ordered = new ArrayList<>(writes);
        ordered.sort(Comparator.comparing(Write::name));
        List<Object[]> run = new ArrayList<>();
        boolean upserting = false;
        for (Write w : ordered) {
            boolean upsert = w.bytes() != null;
            if (upsert != upserting && !run.isEmpty()) {
                writeRun(s, q, upserting, run);
                run = new ArrayList<>();
            }
            upserting = upsert;
            run.add(upsert ? q.upsert().arrange(new Object[] {group, w.name(), w.bytes()}) : new Object[] {group, w.name()});
        }
        if (!run.isEmpty()) {
            writeRun(s, q, upserting, run);
        }
        return ordered;
    }

    private static void writeRun(Session s, Tables.Sql q, boolean upserts, List<Object[]> rows) throws SQLException {
        s.batch(upserts ? q.upsert().sql() : q.deleteOne(), rows);
    }
}

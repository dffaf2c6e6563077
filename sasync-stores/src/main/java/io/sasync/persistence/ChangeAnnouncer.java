package io.sasync.persistence;

import io.sasync.Session;
import java.sql.SQLException;
import java.util.List;

/**
 * Tells the other processes on the database that a dict changed, within the transaction that
 * changes it, so that nothing is announced for a change that rolled back.
 */
@FunctionalInterface
interface ChangeAnnouncer {

    /** Announces nothing: a dict that is not coherent. */
    ChangeAnnouncer NONE = (session, names, everything) -> null;

    /**
     * @param session    the transaction making the change
     * @param names      the stored names of the keys changed
     * @param everything whether the whole dict changed (a clear), whatever {@code names} says
     * @return what to do once the transaction has committed, or {@code null}
     * @throws SQLException when the announcement fails, which fails the transaction
     */
    Runnable announce(Session session, List<String> names, boolean everything) throws SQLException;
}

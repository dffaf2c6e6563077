package io.sasync.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * A database's way of telling other connections that something changed, as PostgreSQL's
 * {@code LISTEN}/{@code NOTIFY} does: a dialect that has one returns it from
 * {@link Dialect#changeNotifications()}, and coherent stores use it instead of polling.
 *
 * <p>What an implementation must guarantee:
 * <ul>
 *   <li>{@link #send} is part of the transaction of its connection: the notification is delivered
 *       when the transaction commits, and never when it rolls back;</li>
 *   <li>once {@link #listen} has returned, every notification committed afterwards on the channel
 *       is delivered to that connection by {@link #receive}, from every connection, its own
 *       included, until the connection is lost;</li>
 *   <li>{@link #receive} throws {@link SQLException} once the connection is lost, so that the
 *       listener can connect again (the notifications in between are lost, and the stores refresh
 *       what they cache).</li>
 * </ul>
 *
 * <p>Implementations are stateless and thread-safe; each connection is used by one thread at a time.
 */
public interface ChangeNotifications {

    /**
     * @return the most bytes of UTF-8 a payload may have; a change naming more is split over
     *         several notifications of one transaction
     */
    int maxPayloadBytes();

    /**
     * Sends a notification as part of the connection's transaction.
     *
     * @param connection a connection in a transaction
     * @param channel    the channel: lower-case letters, digits and underscores, starting with a
     *                   letter, at most 63 characters
     * @param payload    the payload, at most {@link #maxPayloadBytes()} bytes of UTF-8
     * @throws SQLException when the database refuses it
     */
    void send(Connection connection, String channel, String payload) throws SQLException;

    /**
     * Starts listening on a connection dedicated to it, in auto-commit mode.
     *
     * @param connection the listening connection
     * @param channel    the channel, as for {@link #send}
     * @throws SQLException when the database refuses it
     */
    void listen(Connection connection, String channel) throws SQLException;

    /**
     * Stops every listening of a connection and drops what it received and not yet read, so that
     * it can be handed back to a pool. The default does nothing.
     *
     * @param connection the listening connection
     * @throws SQLException when the database refuses it, or the connection is lost
     */
    default void unlisten(Connection connection) throws SQLException {
    }

    /**
     * Waits for notifications on a listening connection.
     *
     * @param connection the listening connection
     * @param timeout    how long to wait at most, positive
     * @return the payloads received, in the order sent; empty when none came in time
     * @throws SQLException when the connection is lost
     */
    List<String> receive(Connection connection, Duration timeout) throws SQLException;
}

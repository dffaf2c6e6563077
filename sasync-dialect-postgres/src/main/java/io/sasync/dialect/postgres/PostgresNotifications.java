package io.sasync.dialect.postgres;

import io.sasync.spi.ChangeNotifications;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL's {@code LISTEN}/{@code NOTIFY}: {@code pg_notify(channel, payload)} is
 * transactional (delivered at commit, dropped at rollback) and limited to 8000 bytes of payload;
 * notifications wait on the listening connection and pgjdbc's
 * {@link PGConnection#getNotifications(int)} reads them from its socket with a timeout, failing
 * once the backend is gone. Channel names are checked to be lower-case identifiers of at most
 * 63 characters, which {@code LISTEN} and {@code pg_notify} spell alike.
 */
final class PostgresNotifications implements ChangeNotifications {

    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** The server refuses payloads of 8000 bytes or more. */
    private static final int MAX_PAYLOAD = 7999;

    @Override
    public int maxPayloadBytes() {
        return MAX_PAYLOAD;
    }

    @Override
    public void send(Connection connection, String channel, String payload) throws SQLException {
        String checked = checked(channel);
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, checked);
            notify.setString(2, payload);
            notify.execute();
        }
    }

    @Override
    public void listen(Connection connection, String channel) throws SQLException {
        String checked = checked(channel);
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + checked);
        }
    }

    /** {@code UNLISTEN *}, then reads what arrived before it, which pgjdbc would keep otherwise. */
    @Override
    public void unlisten(Connection connection) throws SQLException {
        try (Statement unlisten = connection.createStatement()) {
            unlisten.execute("UNLISTEN *");
        }
        connection.unwrap(PGConnection.class).getNotifications();
    }

    private static String checked(String channel) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("a PostgreSQL notification channel is 1 to 63 lower-case letters, digits and"
                    + " underscores, starting with a letter (LISTEN folds an unquoted name to lower case, pg_notify does"
                    + " not): '" + channel + "'");
        }
        return channel;
    }

    @Override
    public List<String> receive(Connection connection, Duration timeout) throws SQLException {
        PGNotification[] received = connection.unwrap(PGConnection.class)
                .getNotifications((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        if (received == null || received.length == 0) {
            return List.of();
        }
        List<String> payloads = new ArrayList<>(received.length);
        for (PGNotification n : received) {
            payloads.add(n.getParameter());
        }
        return payloads;
    }
}

package io.sasync.persistence;

import io.sasync.Session;
import io.sasync.spi.ChangeNotifications;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import io.sasync.store.CoherenceStats;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What makes one {@link DictStore} coherent across processes: it announces the dict's changes
 * ({@link ChangeAnnouncer}) and hands those of others to {@link RemoteChanges}, through the
 * database's change notifications and the broker's {@link ChangeListener} where the dialect has
 * them and the broker opens dedicated connections, through {@link ChangePolling} otherwise.
 * Started as the last step of the dict's {@link StoreContext#ready()}, so that nothing is read
 * or written before it listens.
 */
final class DictCoherence implements ChangeAnnouncer, ChangeListener.Subscriber {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final StoreContext ctx;
    private final Coherence option;
    private final String origin;
    private volatile RemoteChanges<?, ?> remote;

    private volatile String table;
    private volatile ChangeNotifications notifications;
    private volatile ChangeListener listener;
    private volatile ChangePolling polling;
    private volatile boolean closed;

    DictCoherence(StoreContext ctx, Coherence option) {
        this.ctx = ctx;
        this.option = option;
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        this.origin = HexFormat.of().formatHex(id);
    }

    /** Sets where the changes of others go; called once, before {@link #start()}. */
    void deliverTo(RemoteChanges<?, ?> changes) {
        this.remote = changes;
    }

    /** @return completes once the dict learns the changes of others */
    synchronized CompletableFuture<Void> start() {
        if (notifications != null || polling != null || closed) {
            return CompletableFuture.completedFuture(null);
        }
        Dialect dialect = ctx.broker.dialect();
        table = ctx.sql(dialect).table();
        Optional<ChangeNotifications> channel = option.pollingOnly() ? Optional.empty() : dialect.changeNotifications();
        if (channel.isEmpty()) {
            return startPolling();
        }
        ChangeListener.Subscription subscription = ChangeListener.subscribe(ctx.broker, channel.get(), this);
        listener = subscription.listener();
        return subscription.ready().thenRun(() -> notifications = channel.get()).exceptionallyCompose(e -> {
            if (SqlStates.unwrap(e) instanceof SQLFeatureNotSupportedException) {
                subscription.listener().unsubscribe(this);
                return startPolling();
            }
            return CompletableFuture.failedFuture(SqlStates.unwrap(e));
        });
    }

    private synchronized CompletableFuture<Void> startPolling() {
        if (polling == null) {
            RemoteChanges<?, ?> changes = remote;
            polling = new ChangePolling(ctx, option.pollInterval(), () -> changes.everythingChanged(0));
            return polling.start();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Runnable announce(Session session, List<String> names, boolean everything) throws SQLException {
        ChangeNotifications channel = notifications;
        if (channel != null) {
            ChangeMessage message = new ChangeMessage(origin, System.currentTimeMillis(), ctx.group, table,
                    everything ? null : names);
            for (String payload : message.encode(channel.maxPayloadBytes())) {
                channel.send(session.connection(), ChangeListener.CHANNEL, payload);
            }
            return null;
        }
        ChangePolling counter = polling;
        return counter == null ? null : counter.announce(session);
    }

    @Override
    public long group() {
        return ctx.group;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public void changed(ChangeMessage message) {
        if (message.everything()) {
            remote.everythingChanged(message.sentMillis());
        } else {
            remote.keysChanged(message.names(), message.sentMillis());
        }
    }

    @Override
    public void reconnected() {
        remote.refreshAll();
    }

    /**
     * Stops listening or polling.
     *
     * @return completes once the broker's listening connection is closed, when this dict was the
     *         last to listen on it; at once otherwise
     */
    CompletableFuture<Void> close() {
        closed = true;
        ChangePolling p = polling;
        if (p != null) {
            p.close();
        }
        ChangeListener l = listener;
        return l != null ? l.unsubscribe(this) : CompletableFuture.completedFuture(null);
    }

    CoherenceStats stats() {
        ChangePolling p = polling;
        ChangeListener l = listener;
        String mode = notifications != null ? "notifications" : p != null ? "polling" : "starting";
        boolean listening = notifications != null ? l.listening() && !closed : p != null && p.answering();
        return new CoherenceStats(mode, listening, remote.notifications(), remote.keysRefreshed(),
                remote.fullRefreshes(), notifications != null ? l.reconnects() : 0, remote.lastStaleness(),
                remote.maxStaleness());
    }
}

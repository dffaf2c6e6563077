package io.sasync.tests;

import io.sasync.Broker;
import io.sasync.Priority;
import io.sasync.RowStream;
import io.sasync.TableSpec;
import io.sasync.TransactOptions;
import io.sasync.Work;
import io.sasync.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A broker that passes every call to another, for tests that change one behaviour of a real
 * broker by overriding it. A shutdown registration's broker (the one a store submits through) is
 * given the same behaviour by {@link #over}.
 */
abstract class ForwardingBroker implements Broker {

    /** The broker every call goes to unless overridden. */
    final Broker inner;

    ForwardingBroker(Broker inner) {
        this.inner = inner;
    }

    /**
     * @param registered the broker of a shutdown registration of {@link #inner}
     * @return a broker with this one's behaviour over it
     */
    abstract Broker over(Broker registered);

    @Override
    public <T> CompletableFuture<T> transact(TransactOptions options, Work<T> work) {
        return inner.transact(options, work);
    }

    @Override
    public RowStream stream(Priority priority, String sql, Object... params) {
        return inner.stream(priority, sql, params);
    }

    @Override
    public <I> CompletableFuture<List<Object>> produceRows(List<? extends I> inputs,
            Function<? super I, ? extends CompletionStage<?>> f, String table, String column,
            Map<String, ?> constants, String keyColumn) {
        return inner.produceRows(inputs, f, table, column, constants, keyColumn);
    }

    @Override
    public CompletableFuture<Void> table(TableSpec spec) {
        return inner.table(spec);
    }

    @Override
    public <T> CompletableFuture<T> deferToQueue(Priority priority, Callable<T> task) {
        return inner.deferToQueue(priority, task);
    }

    @Override
    public CompletableFuture<Void> whenRunning() {
        return inner.whenRunning();
    }

    @Override
    public boolean isRunning() {
        return inner.isRunning();
    }

    @Override
    public Dialect dialect() {
        return inner.dialect();
    }

    @Override
    public Connection dedicatedConnection() throws SQLException {
        return inner.dedicatedConnection();
    }

    @Override
    public FlushRegistration beforeShutdown(Supplier<? extends CompletionStage<?>> flush) {
        FlushRegistration registration = inner.beforeShutdown(flush);
        Broker view = over(registration.broker());
        return new FlushRegistration() {
            @Override
            public Broker broker() {
                return view;
            }

            @Override
            public void cancel() {
                registration.cancel();
            }
        };
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return inner.shutdown();
    }
}

package io.sasync.core;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.OutOfScopeException;
import com.google.inject.PrivateModule;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import io.sasync.Broker;
import io.sasync.DatabaseConfig;
import io.sasync.QueueFactory;
import io.sasync.Session;
import io.sasync.Transact;
import io.sasync.core.internal.TransactInterception;
import io.sasync.spi.Dialect;
import java.util.Objects;

/**
 * Installs sAsync in a Guice injector: binds {@link Broker} (an {@link AccessBroker} singleton
 * that starts on first use), {@link QueueFactory}, {@link Dialect}, and {@link Session} (a
 * provider valid only inside a transaction of that broker), and makes methods annotated
 * {@link Transact @Transact} run as queued transactions.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new SAsyncModule(DatabaseConfig.of("jdbc:h2:mem:app")));
 * PeopleService people = injector.getInstance(PeopleService.class);
 *
 * class PeopleService {
 *     @Inject Provider<Session> session;
 *
 *     @Transact(niceness = -5)
 *     CompletableFuture<Integer> rename(long id, String name) throws SQLException {
 *         return CompletableFuture.completedFuture(
 *                 session.get().update("UPDATE people SET name = ? WHERE id = ?", name, id));
 *     }
 * }
 * }</pre>
 *
 * <p>Several databases in one injector: install one module per database with
 * {@link #named(String, DatabaseConfig)}; its bindings are then annotated
 * {@code @Named(name)}, and {@code @Transact(database = name)} methods run on its broker. At most
 * one unnamed module per injector.
 *
 * <p>{@code configure()} does no I/O and starts no thread. The broker starts when first used;
 * shut it down with {@code injector.getInstance(Broker.class).shutdown()}. A {@code @Transact}
 * method that does not return {@code CompletableFuture} or {@code CompletionStage}, has a
 * niceness out of range, or names a database with no module, is reported when the injector is
 * created. As with all Guice method interception, the class must be built by the injector and
 * the method must be neither private, static nor final.
 */
public final class SAsyncModule extends AbstractModule {

    private final DatabaseConfig config;
    private final String name;
    private final QueueFactory factory;

    /**
     * Binds the injector's unnamed database.
     *
     * @param config the database
     */
    public SAsyncModule(DatabaseConfig config) {
        this(config, null, DefaultQueueFactory.shared());
    }

    private SAsyncModule(DatabaseConfig config, String name, QueueFactory factory) {
        this.config = Objects.requireNonNull(config, "config");
        this.name = name;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Binds a database under {@code @Named(name)}, for injectors with several databases.
     *
     * @param name   the binding name, also used by {@link Transact#database()}
     * @param config the database
     * @return the module
     */
    public static SAsyncModule named(String name, DatabaseConfig config) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty; use new SAsyncModule(config) for the unnamed database");
        }
        return new SAsyncModule(config, name, DefaultQueueFactory.shared());
    }

    /**
     * @param queueFactory the factory the broker takes its queue from, instead of
     *                     {@link DefaultQueueFactory#shared()}
     * @return a copy of this module using that factory
     */
    public SAsyncModule withQueueFactory(QueueFactory queueFactory) {
        return new SAsyncModule(config, name, queueFactory);
    }

    @Override
    protected void configure() {
        install(new TransactInterception());
        install(new PrivateModule() {
            @Override
            protected void configure() {
                bind(AccessBroker.class).toProvider(() -> new AccessBroker(factory, config)).in(Singleton.class);
                Provider<AccessBroker> broker = getProvider(AccessBroker.class);
                bindExposed(Broker.class).to(AccessBroker.class);
                bindExposed(QueueFactory.class).toInstance(factory);
                bindExposed(Dialect.class).toProvider(() -> broker.get().dialect());
                bindExposed(Session.class).toProvider(() -> broker.get().currentSession()
                        .orElseThrow(() -> new OutOfScopeException("no transaction of " + broker.get()
                                + " is running on this thread; a Session is available only inside a "
                                + "@Transact method or a Work")));
            }

            private <T> com.google.inject.binder.LinkedBindingBuilder<T> bindExposed(Class<T> type) {
                Key<T> key = TransactInterception.key(type, name);
                expose(key);
                return bind(key);
            }
        });
    }

    @Override
    public String toString() {
        return "SAsyncModule{" + (name == null ? "" : "name=" + name + ", ") + config + "}";
    }
}

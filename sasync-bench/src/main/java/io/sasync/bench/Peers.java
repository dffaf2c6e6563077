package io.sasync.bench;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Statement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

/**
 * The PostgreSQL clients a user would pick instead of sAsync, running the fixture's upsert on the
 * same database with as many connections as the broker: Vert.x's reactive client (pooled, a
 * transaction per upsert with {@code withTransaction}, and its pipelining client in
 * auto-commit), R2DBC ({@code r2dbc-postgresql} behind {@code r2dbc-pool}, a transaction per
 * upsert), and jOOQ's {@code transactionResultAsync} on the broker's own pool with as many
 * threads. Connections open on first use.
 */
final class Peers implements AutoCloseable {

    private final Fixture fixture;
    /** The upsert with PostgreSQL's {@code $n} placeholders, as the reactive drivers take it. */
    private final String numbered;
    private final Vertx vertx;
    private final Pool vertxPool;
    private final SqlClient vertxPipelined;
    private final ConnectionPool r2dbc;
    private final ExecutorService jooqThreads;
    private final DSLContext jooq;

    /**
     * @param fixture     the upsert and its parameters
     * @param url         the PostgreSQL JDBC URL
     * @param user        its user (no password)
     * @param pool        the broker's pool, for jOOQ
     * @param connections connections of each client, and jOOQ's threads
     */
    Peers(Fixture fixture, String url, String user, DataSource pool, int connections) {
        this.fixture = fixture;
        this.numbered = numbered(fixture.upsertSql());
        URI uri = URI.create(url.substring("jdbc:".length()));
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String database = uri.getPath().substring(1);
        PgConnectOptions connect = new PgConnectOptions().setHost(uri.getHost()).setPort(port)
                .setDatabase(database).setUser(user).setCachePreparedStatements(true);
        vertx = Vertx.vertx();
        vertxPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(connections)).connectingTo(connect)
                .using(vertx).build();
        vertxPipelined = PgBuilder.client().with(new PoolOptions().setMaxSize(connections))
                .connectingTo(new PgConnectOptions(connect).setPipeliningLimit(Fixture.WINDOW)).using(vertx).build();
        r2dbc = new ConnectionPool(ConnectionPoolConfiguration.builder(new PostgresqlConnectionFactory(
                        PostgresqlConnectionConfiguration.builder().host(uri.getHost()).port(port).database(database)
                                .username(user).build()))
                .initialSize(0).maxSize(connections).build());
        jooqThreads = Executors.newFixedThreadPool(connections, Fixture.named("bench-jooq"));
        jooq = DSL.using(pool, SQLDialect.POSTGRES);
    }

    /** @return {@code sql} with its {@code ?} placeholders numbered {@code $1, $2, ...} */
    static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                out.append('$').append(++n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** @return the row count of one upsert in a Vert.x transaction, on completion */
    CompletableFuture<Integer> vertx() {
        Tuple tuple = tuple(fixture.nextParameters());
        return complete(vertxPool.withTransaction(c -> c.preparedQuery(numbered).execute(tuple))
                .map(rows -> rows.rowCount()));
    }

    /** @return the row count of one upsert in auto-commit on Vert.x's pipelining client, on completion */
    CompletableFuture<Integer> vertxPipelined() {
        return complete(vertxPipelined.preparedQuery(numbered).execute(tuple(fixture.nextParameters()))
                .map(rows -> rows.rowCount()));
    }

    /** @return the row count of one upsert in an R2DBC transaction, on completion */
    CompletableFuture<Long> r2dbc() {
        Object[] parameters = fixture.nextParameters();
        return Mono.usingWhen(r2dbc.create(), c -> Mono.from(c.beginTransaction())
                        .then(Mono.from(bind(c.createStatement(numbered), parameters).execute()))
                        .flatMap(result -> Mono.from(result.getRowsUpdated()))
                        .flatMap(rows -> Mono.from(c.commitTransaction()).thenReturn(rows)),
                c -> c.close())
                .toFuture();
    }

    /** @return the row count of one upsert in a jOOQ transaction on the broker's pool, on completion */
    CompletionStage<Integer> jooq() {
        Object[] parameters = fixture.nextParameters();
        String sql = fixture.upsertSql();
        return jooq.transactionResultAsync(jooqThreads, configuration -> configuration.dsl().execute(sql, parameters));
    }

    /**
     * Starts {@value Fixture#WINDOW} upserts, then waits for all.
     *
     * @param upsert starts one
     */
    static void window(Supplier<? extends CompletionStage<?>> upsert) {
        CompletableFuture<?>[] window = new CompletableFuture<?>[Fixture.WINDOW];
        for (int i = 0; i < Fixture.WINDOW; i++) {
            window[i] = upsert.get().toCompletableFuture();
        }
        CompletableFuture.allOf(window).join();
    }

    private static Tuple tuple(Object[] parameters) {
        Tuple tuple = Tuple.tuple();
        for (Object parameter : parameters) {
            tuple.addValue(parameter);
        }
        return tuple;
    }

    private static Statement bind(Statement statement, Object[] parameters) {
        for (int i = 0; i < parameters.length; i++) {
            statement.bind(i, parameters[i]);
        }
        return statement;
    }

    private static <T> CompletableFuture<T> complete(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture();
    }

    @Override
    public void close() {
        jooqThreads.shutdown();
        r2dbc.dispose();
        vertxPipelined.close().await();
        vertxPool.close().await();
        vertx.close().await();
    }
}

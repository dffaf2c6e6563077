package io.sasync.bench;

import io.sasync.DatabaseConfig;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Benchmarks 2 and 3 on PostgreSQL over loopback ({@link BenchDatabase#postgres}): the tiny
 * transaction one outstanding and pipelined with 4 workers, against raw JDBC, the floor, and the
 * peers ({@link Peers}, {@code JdbiExecutor}) with as many connections.
 */
public class PostgresBenchmark extends NetworkedBenchmark {

    private Peers peers;

    @Override
    DatabaseConfig config() {
        return BenchDatabase.postgres(workers);
    }

    @Override
    public void open() throws IOException {
        super.open();
        peers = fixture.peers(BenchDatabase.postgresUrl(), BenchDatabase.postgresUser());
    }

    @Override
    public void close() throws SQLException, IOException {
        try {
            peers.close();
        } finally {
            super.close();
        }
    }

    /** @return rows upserted: one transaction through Vert.x's pooled client, waited for */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int oneVertx() {
        return peers.vertx().join();
    }

    /** @return rows upserted: one transaction through R2DBC, waited for */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long oneR2dbc() {
        return peers.r2dbc().join();
    }

    /** @return rows upserted: one transaction through jOOQ's transactionResultAsync, waited for */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int oneJooq() {
        return peers.jooq().toCompletableFuture().join();
    }

    /** @return rows upserted: one transaction through JdbiExecutor, waited for */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int oneJdbi() {
        return fixture.jdbiOne();
    }

    /** A window of transactions through Vert.x's pooled client. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedVertx() {
        Peers.window(peers::vertx);
    }

    /** A window of upserts in auto-commit through Vert.x's pipelining client (no transactions). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedVertxAutoCommit() {
        Peers.window(peers::vertxPipelined);
    }

    /** A window of transactions through R2DBC. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedR2dbc() {
        Peers.window(peers::r2dbc);
    }

    /** A window of transactions through jOOQ's transactionResultAsync on the broker's pool. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(Fixture.WINDOW)
    public void pipelinedJooq() {
        Peers.window(peers::jooq);
    }
}

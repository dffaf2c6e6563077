package io.sasync.bench;

import io.sasync.DatabaseConfig;

/** Benchmark 6 on PostgreSQL over loopback ({@link BenchDatabase#postgres}). */
public class PostgresStreamBenchmark extends StreamBenchmark {

    @Override
    DatabaseConfig config() {
        return BenchDatabase.postgres(4);
    }

    @Override
    String fill(String table, int rows) {
        return "INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1, " + rows + ") AS g";
    }
}

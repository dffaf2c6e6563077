package io.sasync.bench;

import io.sasync.DatabaseConfig;

/** Benchmark 4 on PostgreSQL over loopback ({@link BenchDatabase#postgres}). */
public class PostgresDictPutBenchmark extends DictPutBenchmark {

    @Override
    DatabaseConfig config() {
        return BenchDatabase.postgres(4);
    }
}

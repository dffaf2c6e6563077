package io.sasync.bench;

import io.sasync.DatabaseConfig;

/** Benchmark 4 on H2 in memory. */
public class H2DictPutBenchmark extends DictPutBenchmark {

    @Override
    DatabaseConfig config() {
        return BenchDatabase.h2Memory(2);
    }
}

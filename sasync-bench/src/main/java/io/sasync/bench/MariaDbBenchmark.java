package io.sasync.bench;

import io.sasync.DatabaseConfig;

/**
 * The tiny transaction on MariaDB over loopback ({@link BenchDatabase#mariadb}), one outstanding
 * and pipelined with 4 workers, against raw JDBC and the floor on one thread and on 4.
 */
public class MariaDbBenchmark extends NetworkedBenchmark {

    @Override
    DatabaseConfig config() {
        return BenchDatabase.mariadb(workers);
    }
}

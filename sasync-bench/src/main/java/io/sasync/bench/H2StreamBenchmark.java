package io.sasync.bench;

import io.sasync.DatabaseConfig;
import java.util.UUID;

/**
 * Benchmark 6 on H2 in memory, with lazy query execution ({@code LAZY_QUERY_EXECUTION=TRUE}),
 * without which H2 computes a whole result before its first row. The table itself lives in the
 * heap, the same for both sides and for both row counts.
 */
public class H2StreamBenchmark extends StreamBenchmark {

    @Override
    DatabaseConfig config() {
        return DatabaseConfig.builder("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LAZY_QUERY_EXECUTION=TRUE")
                .maxConnections(2)
                .build();
    }

    @Override
    String fill(String table, int rows) {
        return "INSERT INTO " + table + " SELECT X, 'row ' || X FROM SYSTEM_RANGE(1, " + rows + ")";
    }
}

package io.sasync.core.internal;

import io.sasync.TableSpec;
import io.sasync.spi.Dialect;
import io.sasync.spi.Upsert;
import java.sql.SQLException;
import java.util.List;

/** A dialect for queue tests that never reach a database: the pool opens no connection until asked. */
final class StubDialect implements Dialect {

    private final boolean singleConnection;

    StubDialect(boolean singleConnection) {
        this.singleConnection = singleConnection;
    }

    @Override
    public String name() {
        return "stub";
    }

    @Override
    public boolean supportsUrl(String jdbcUrl) {
        return jdbcUrl.contains(":stub:");
    }

    @Override
    public Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isObjectExists(SQLException e) {
        return false;
    }

    @Override
    public boolean singleConnection() {
        return singleConnection;
    }
}

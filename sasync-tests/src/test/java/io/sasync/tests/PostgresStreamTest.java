package io.sasync.tests;

/** The streaming contract on POSTGRES. */
class PostgresStreamTest extends StreamContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}

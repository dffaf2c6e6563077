package io.sasync.tests;

/** The dialect contract on POSTGRES. */
class PostgresDialectContractTest extends DialectContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}

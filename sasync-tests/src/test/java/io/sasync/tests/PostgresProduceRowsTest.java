package io.sasync.tests;

/** The produceRows contract on POSTGRES. */
class PostgresProduceRowsTest extends ProduceRowsContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}

package io.sasync.tests;

/** The broker contract on POSTGRES. */
class PostgresBrokerTest extends BrokerContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}

package io.sasync.tests;

/** The broker contract on DERBY. */
class DerbyBrokerTest extends BrokerContract {
    @Override
    TestDatabase database() {
        return TestDatabase.DERBY;
    }
}

package io.sasync.tests;

/** The broker contract on H2_MEM. */
class H2MemBrokerTest extends BrokerContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_MEM;
    }
}

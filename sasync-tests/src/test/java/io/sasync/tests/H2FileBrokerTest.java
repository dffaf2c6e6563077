package io.sasync.tests;

/** The broker contract on H2_FILE. */
class H2FileBrokerTest extends BrokerContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_FILE;
    }
}

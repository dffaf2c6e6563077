package io.sasync.tests;

/** The streaming contract on DERBY. */
class DerbyStreamTest extends StreamContract {
    @Override
    TestDatabase database() {
        return TestDatabase.DERBY;
    }
}

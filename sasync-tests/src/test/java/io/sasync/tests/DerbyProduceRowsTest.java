package io.sasync.tests;

/** The produceRows contract on DERBY. */
class DerbyProduceRowsTest extends ProduceRowsContract {
    @Override
    TestDatabase database() {
        return TestDatabase.DERBY;
    }
}

package io.sasync.tests;

/** The produceRows contract on H2_MEM. */
class H2MemProduceRowsTest extends ProduceRowsContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_MEM;
    }
}

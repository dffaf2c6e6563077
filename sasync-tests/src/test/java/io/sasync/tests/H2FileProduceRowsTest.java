package io.sasync.tests;

/** The produceRows contract on H2_FILE. */
class H2FileProduceRowsTest extends ProduceRowsContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_FILE;
    }
}

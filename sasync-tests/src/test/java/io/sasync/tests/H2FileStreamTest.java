package io.sasync.tests;

/** The streaming contract on H2_FILE. */
class H2FileStreamTest extends StreamContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_FILE;
    }
}

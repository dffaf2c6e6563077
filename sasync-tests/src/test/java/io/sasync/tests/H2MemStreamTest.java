package io.sasync.tests;

/** The streaming contract on H2_MEM. */
class H2MemStreamTest extends StreamContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_MEM;
    }
}

package io.sasync.tests;

/** The mapped-results contract on H2_MEM. */
class H2MemMappedResultsTest extends MappedResultsContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_MEM;
    }
}

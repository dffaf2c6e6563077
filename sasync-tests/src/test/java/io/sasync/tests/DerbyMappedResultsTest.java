package io.sasync.tests;

/** The mapped-results contract on DERBY. */
class DerbyMappedResultsTest extends MappedResultsContract {
    @Override
    TestDatabase database() {
        return TestDatabase.DERBY;
    }
}

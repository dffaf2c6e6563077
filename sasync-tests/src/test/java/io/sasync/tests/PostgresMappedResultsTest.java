package io.sasync.tests;

/** The mapped-results contract on POSTGRES. */
class PostgresMappedResultsTest extends MappedResultsContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}

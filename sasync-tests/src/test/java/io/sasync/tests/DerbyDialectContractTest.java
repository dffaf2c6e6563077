package io.sasync.tests;

/** The dialect contract on DERBY, whose large values are LOBs and which reuses identical indexes. */
class DerbyDialectContractTest extends DialectContract {
    @Override
    TestDatabase database() {
        return TestDatabase.DERBY;
    }

    @Override
    boolean readsLobs() {
        return true;
    }

    @Override
    boolean reusesIdenticalIndexes() {
        return true;
    }
}

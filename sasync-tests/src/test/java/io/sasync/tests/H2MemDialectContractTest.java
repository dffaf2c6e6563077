package io.sasync.tests;

/** The dialect contract on H2_MEM. */
class H2MemDialectContractTest extends DialectContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_MEM;
    }
}

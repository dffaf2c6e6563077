package io.sasync.tests;

/** Bad and hostile input on H2_MEM. */
class H2MemBadInputTest extends BadInputContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_MEM;
    }
}

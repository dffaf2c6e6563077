package io.sasync.tests;

/** Bad and hostile input on DERBY. */
class DerbyBadInputTest extends BadInputContract {
    @Override
    TestDatabase database() {
        return TestDatabase.DERBY;
    }
}

package io.sasync.tests;

/** Bad and hostile input on POSTGRES. */
class PostgresBadInputTest extends BadInputContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}

package io.sasync.tests;

/** The produceRows contract on H2_THIRD_PARTY_DIALECT. */
class ThirdPartyDialectProduceRowsTest extends ProduceRowsContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_THIRD_PARTY_DIALECT;
    }
}

package io.sasync.tests;

/** The streaming contract on H2_THIRD_PARTY_DIALECT. */
class ThirdPartyDialectStreamTest extends StreamContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_THIRD_PARTY_DIALECT;
    }
}

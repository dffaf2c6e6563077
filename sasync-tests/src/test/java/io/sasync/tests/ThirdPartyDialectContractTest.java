package io.sasync.tests;

/**
 * The dialect contract on H2 through {@link StandardMergeDialect}, which keeps the SPI's default
 * column types: {@code TEXT} and {@code BLOB} are H2 LOBs.
 */
class ThirdPartyDialectContractTest extends DialectContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2_THIRD_PARTY_DIALECT;
    }

    @Override
    boolean readsLobs() {
        return true;
    }
}

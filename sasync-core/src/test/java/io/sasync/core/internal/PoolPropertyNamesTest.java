package io.sasync.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sasync.DatabaseConfig;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.dbcp2.BasicDataSourceFactory;
import org.junit.jupiter.api.Test;

/**
 * The api cannot depend on DBCP2, so it keeps the pool property names as a constant; this test
 * fails when that constant and the names the DBCP2 on the class path reads drift apart (after a
 * DBCP2 upgrade: copy the new names into {@link DatabaseConfig#POOL_PROPERTY_NAMES}).
 */
class PoolPropertyNamesTest {

    @Test
    void theConfigAcceptsExactlyTheNamesDbcp2Reads() throws ReflectiveOperationException {
        Field field = BasicDataSourceFactory.class.getDeclaredField("ALL_PROPERTY_NAMES");
        field.setAccessible(true);
        Set<String> dbcp2 = new TreeSet<>();
        for (Object name : (List<?>) field.get(null)) {
            dbcp2.add((String) name);
        }
        Set<String> missing = new TreeSet<>(dbcp2);
        missing.removeAll(DatabaseConfig.POOL_PROPERTY_NAMES);
        Set<String> unknown = new TreeSet<>(DatabaseConfig.POOL_PROPERTY_NAMES);
        unknown.removeAll(dbcp2);
        assertEquals(dbcp2, new TreeSet<>(DatabaseConfig.POOL_PROPERTY_NAMES),
                "DatabaseConfig.POOL_PROPERTY_NAMES lacks " + missing + " and has " + unknown + " that DBCP2 does not read");
    }
}

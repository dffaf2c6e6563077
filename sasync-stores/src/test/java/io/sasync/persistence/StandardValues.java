package io.sasync.persistence;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A value of every type the standard codec stores, with edge cases, for the codec tests. The store
 * contracts of {@code sasync-testkit} keep a copy: this module's tests cannot depend on the kit,
 * which depends on this module.
 */
public final class StandardValues {

    private StandardValues() {
    }

    /** @return the values; none is null at the top level */
    public static List<Object> all() {
        Map<Object, Object> nested = new LinkedHashMap<>();
        nested.put("list", Arrays.asList(1, null, "two", 3.0));
        nested.put(7, Set.of(LocalDate.of(2024, 2, 29)));
        nested.put(null, Map.of("deep", List.of(List.of(List.of(new BigDecimal("1.50"))))));
        return List.of(
                true, false,
                (byte) -128, (byte) 127,
                (short) -32768, (short) 32767,
                0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
                0L, Long.MIN_VALUE, Long.MAX_VALUE,
                1.5f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE,
                2.5, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
                'a', '\u0000', '\uffff', '\ud800',
                "", "plain", "naïve ☃ 日本語 😀", "\u0000nul inside", "lone \ud800 surrogate", "x".repeat(100_000),
                new byte[0], new byte[] {0, 1, -1, 127, -128},
                BigInteger.ZERO, new BigInteger("-123456789012345678901234567890"),
                new BigDecimal("0.00"), new BigDecimal("-1E+400"), new BigDecimal("3.14159265358979323846264338327950288"),
                new UUID(0, 0), UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
                Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("2024-05-06T07:08:09.123456789Z"),
                LocalDate.MIN, LocalDate.MAX, LocalDate.of(1815, 12, 10),
                LocalTime.MIDNIGHT, LocalTime.MAX, LocalTime.of(13, 14, 15, 16),
                LocalDateTime.of(2001, 2, 3, 4, 5, 6, 7), LocalDateTime.MIN, LocalDateTime.MAX,
                OffsetDateTime.of(2001, 2, 3, 4, 5, 6, 7, ZoneOffset.ofHoursMinutes(-3, -30)),
                ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
                ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 0, ZoneId.of("Europe/Paris")).withLaterOffsetAtOverlap(),
                ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                Duration.ZERO, Duration.ofSeconds(Long.MIN_VALUE), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
                Duration.ofNanos(-1),
                List.of(), List.of(1, 2L, "3"), new ArrayList<>(List.of('x')),
                Set.of(), Set.of(1, "1", 1L), new TreeSet<>(Set.of("b", "a")),
                Map.of(), Map.of("k", "v"), new HashMap<>(Map.of(1, List.of(2))),
                nested);
    }

    /**
     * @param expected a value of {@link #all()}
     * @param actual   what came back
     * @return whether they are equal (arrays by content)
     */
    public static boolean same(Object expected, Object actual) {
        if (expected instanceof byte[] e) {
            return actual instanceof byte[] a && Arrays.equals(e, a);
        }
        return expected.equals(actual);
    }
}

package io.sasync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.spi.Dialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link Row#as} and the typed queries of {@link Session}: records, beans, column types, and every refusal. */
class RowMappingTest {

    enum Status { ACTIVE, RETIRED }

    record Person(long id, String firstName, LocalDate born, BigDecimal salary, Status status) {
    }

    record Nullable(Long id, String name) {
    }

    record Primitive(int count) {
    }

    record Address(String street) {
    }

    record WithAddress(long id, Address address) {
    }

    record Checked(int age) {
        Checked {
            if (age < 0) {
                throw new IllegalArgumentException("age must not be negative: " + age);
            }
        }
    }

    record Clash(String url, String URL) {
    }

    record Everything(int i, long l, short s, byte b, double d, float f, boolean flag, char c, Integer boxed,
            String text, BigDecimal decimal, LocalDate date, LocalDateTime dateTime, Instant instant, UUID uuid,
            byte[] bytes, Status status, Object anything) {
    }

    /** A bean of the usual kind: public class, public constructor, setters and getters. */
    public static class PersonBean {
        private long id;
        private String firstName;
        private String team = "none";
        private int age;

        public long getId() {
            return id;
        }

        public void setId(long id) {
            this.id = id;
        }

        public String getFirstName() {
            return firstName;
        }

        public void setFirstName(String firstName) {
            this.firstName = firstName;
        }

        public String getTeam() {
            return team;
        }

        public void setTeam(String team) {
            this.team = team;
        }

        public int getAge() {
            return age;
        }

        public void setAge(int age) {
            this.age = age;
        }
    }

    /** Package-private, with an implicit constructor and a fluent setter. */
    static class FluentBean {
        String name;

        public FluentBean setName(String name) {
            this.name = name;
            return this;
        }
    }

    public static class FieldsOnly {
        public String name;
    }

    public abstract static class AbstractBean {
        public void setName(String name) {
        }
    }

    public class InnerBean {
        public void setName(String name) {
        }
    }

    public static class NoDefaultConstructor {
        public NoDefaultConstructor(String name) {
        }

        public void setName(String name) {
        }
    }

    public static class TwoSetters {
        public void setAge(int age) {
        }

        public void setAge(String age) {
        }
    }

    public static class NestedBean {
        public void setAddress(Address address) {
        }
    }

    public static class RefusingBean {
        public void setName(String name) {
            throw new IllegalStateException("names are read-only");
        }
    }

    public static class UrlBean {
        String url;

        public void setURL(String url) {
            this.url = url;
        }
    }

    private static Row row(List<String> labels, Object... values) {
        return Row.of(labels, Arrays.asList(values));
    }

    private static RowMappingException refused(Row row, Class<?> type) {
        return assertThrows(RowMappingException.class, () -> row.as(type));
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' missing from: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ records

    @Test
    void recordComponentsTakeTheirColumnsIgnoringCaseAndUnderscores() {
        Row row = row(List.of("ID", "FIRST_NAME", "Born", "salary", "STATUS"),
                7, "Ada", LocalDate.of(1815, 12, 10), new BigDecimal("1234.50"), "ACTIVE");
        assertEquals(new Person(7, "Ada", LocalDate.of(1815, 12, 10), new BigDecimal("1234.50"), Status.ACTIVE),
                row.as(Person.class));

        Row camel = row(List.of("status", "salary", "born", "firstname", "id"),
                "RETIRED", 10L, null, "Alan", 8L);
        assertEquals(new Person(8, "Alan", null, BigDecimal.TEN, Status.RETIRED), camel.as(Person.class),
                "any order, camel case folded, conversions, nulls into reference types");
    }

    @Test
    void extraColumnsAreIgnored() {
        Row row = row(List.of("id", "name", "created_at", "?column?"), 1L, "x", LocalDateTime.now(), 3);
        assertEquals(new Nullable(1L, "x"), row.as(Nullable.class));
    }

    @Test
    void valuesConvertAsRowGetConvertsThem() {
        UUID uuid = UUID.randomUUID();
        LocalDateTime at = LocalDateTime.of(2024, 2, 29, 12, 30, 15, 123_000_000);
        Row row = row(List.of("i", "l", "s", "b", "d", "f", "flag", "c", "boxed", "text", "decimal", "date",
                        "date_time", "instant", "uuid", "bytes", "status", "anything"),
                new BigDecimal("42"), 7, 3L, (short) 2, new BigDecimal("1.5"), 0.25d, true, "x", 5L, 99,
                12L, java.sql.Date.valueOf("2020-01-02"), Timestamp.valueOf(at), at, uuid.toString(),
                new byte[] {1, 2}, "RETIRED", List.of(1));
        Everything e = row.as(Everything.class);
        assertEquals(42, e.i());
        assertEquals(7L, e.l());
        assertEquals((short) 3, e.s());
        assertEquals((byte) 2, e.b());
        assertEquals(1.5, e.d());
        assertEquals(0.25f, e.f());
        assertTrue(e.flag());
        assertEquals('x', e.c());
        assertEquals(5, e.boxed());
        assertEquals("99", e.text(), "anything reads as text");
        assertEquals(new BigDecimal(12), e.decimal());
        assertEquals(LocalDate.of(2020, 1, 2), e.date());
        assertEquals(at, e.dateTime());
        assertEquals(at.toInstant(java.time.ZoneOffset.UTC), e.instant());
        assertEquals(uuid, e.uuid());
        assertArrayEquals(new byte[] {1, 2}, e.bytes());
        assertEquals(Status.RETIRED, e.status());
        assertEquals(List.of(1), e.anything());
    }

    @Test
    void aMissingComponentIsRefusedNamingItAndTheColumns() {
        RowMappingException e = refused(row(List.of("ID", "NAME"), 1L, "Ada"), Person.class);
        assertMentions(e, "record " + Person.class.getName(), "components firstName, born, salary, status",
                "[ID, NAME]");
    }

    @Test
    void twoColumnsForOnePropertyAreRefused() {
        RowMappingException e = refused(row(List.of("id", "FIRST_NAME", "firstname", "born", "salary", "status"),
                1L, "a", "b", null, null, null), Person.class);
        assertMentions(e, "FIRST_NAME", "firstname", "component firstName", Person.class.getName());
    }

    @Test
    void nullIntoAPrimitiveIsRefusedNamingColumnPropertyAndType() {
        RowMappingException e = refused(row(List.of("COUNT"), (Object) null), Primitive.class);
        assertMentions(e, "column COUNT is NULL", "component count (int)", Primitive.class.getName(), "Integer");
    }

    @Test
    void aLossyConversionIsRefusedWithTheConversionAsCause() {
        RowMappingException e = refused(row(List.of("count"), 3_000_000_000L), Primitive.class);
        assertMentions(e, "column count", "component count (int)", Primitive.class.getName(), "3000000000");
        assertInstanceOf(ClassCastException.class, e.getCause());

        RowMappingException notAnEnum = refused(row(List.of("id", "first_name", "born", "salary", "status"),
                1L, "a", null, null, "ACTVE"), Person.class);
        assertMentions(notAnEnum, "column status", "component status", "ACTVE", "[ACTIVE, RETIRED]");

        RowMappingException notAUuid = refused(row(List.of("uuid"), "not-a-uuid"), UuidHolder.class);
        assertMentions(notAUuid, "column uuid", "component uuid");
    }

    record UuidHolder(UUID uuid) {
    }

    @Test
    void nestedTypesAreRefusedClearly() {
        RowMappingException record = refused(row(List.of("id", "address"), 1L, "Main St"), WithAddress.class);
        assertMentions(record, "component address", WithAddress.class.getName(), Address.class.getName(),
                "nested types are not mapped");
        RowMappingException bean = refused(row(List.of("address"), "Main St"), NestedBean.class);
        assertMentions(bean, "property address", NestedBean.class.getName(), "nested types are not mapped");
    }

    @Test
    void propertiesNoColumnCanTellApartAreRefused() {
        RowMappingException e = refused(row(List.of("url"), "u"), Clash.class);
        assertMentions(e, Clash.class.getName(), "url", "URL", "ignoring case");
    }

    @Test
    void aFailingCanonicalConstructorIsReportedWithItsException() {
        RowMappingException e = refused(row(List.of("age"), -1), Checked.class);
        assertMentions(e, Checked.class.getName(), "age must not be negative");
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void aLocalRecordMaps() {
        record Local(String name) {
        }
        assertEquals(new Local("x"), row(List.of("NAME"), "x").as(Local.class));
    }

    // ------------------------------------------------------------------ beans

    @Test
    void beansAreFilledThroughTheirSetters() {
        PersonBean bean = row(List.of("ID", "FIRST_NAME", "AGE", "unused"), 3, "Grace", 85L, "x").as(PersonBean.class);
        assertEquals(3L, bean.getId());
        assertEquals("Grace", bean.getFirstName());
        assertEquals(85, bean.getAge());
        assertEquals("none", bean.getTeam(), "a property without a column keeps its initial value");
    }

    @Test
    void packagePrivateBeansAndFluentSettersWork() {
        assertEquals("x", row(List.of("name"), "x").as(FluentBean.class).name);
        assertEquals("u", row(List.of("url"), "u").as(UrlBean.class).url, "setURL is property URL");
    }

    @Test
    void aBeanWithNoMatchingColumnIsRefused() {
        RowMappingException e = refused(row(List.of("a", "b"), 1, 2), PersonBean.class);
        assertMentions(e, "[a, b]", "bean " + PersonBean.class.getName(), "age, firstName, id, team");
    }

    @Test
    void nullIntoAPrimitiveBeanPropertyIsRefused() {
        RowMappingException e = refused(row(List.of("age"), (Object) null), PersonBean.class);
        assertMentions(e, "column age is NULL", "property age (int)", PersonBean.class.getName());
    }

    @Test
    void beansThatCannotBeMadeOrFilledAreRefused() {
        Row row = row(List.of("name", "age", "address"), "x", 1, "y");
        assertMentions(refused(row, FieldsOnly.class), "no public setters", "record");
        assertMentions(refused(row, AbstractBean.class), "abstract");
        assertMentions(refused(row, Runnable.class), "takes one column");
        assertMentions(refused(row, Comparable.class), "takes one column");
        assertMentions(refused(row, Mapper.class), "interface");
        assertMentions(refused(row, InnerBean.class), "inner class", "static");
        assertMentions(refused(row, NoDefaultConstructor.class), "no no-argument constructor");
        assertMentions(refused(row, TwoSetters.class), "two setters for property age", "setAge(int)",
                "setAge(java.lang.String)");
        RowMappingException setter = refused(row, RefusingBean.class);
        assertMentions(setter, "property name", "column name", "names are read-only");
        assertInstanceOf(IllegalStateException.class, setter.getCause());
    }

    /** An application's interface: neither a column type nor instantiable. */
    interface Mapper {
        void setName(String name);
    }

    @Test
    void aLocalClassThatCapturesIsRefused() {
        String captured = "c";
        class Capturing {
            public void setName(String name) {
                if (captured.isEmpty()) {
                    throw new IllegalStateException();
                }
            }
        }
        assertMentions(refused(row(List.of("name"), "x"), Capturing.class), "local or anonymous class");
    }

    // ------------------------------------------------------------------ column types

    @Test
    void aColumnTypeTakesTheOneColumn() {
        assertEquals("Ada", row(List.of("name"), "Ada").as(String.class));
        assertEquals(42L, row(List.of("count(*)"), 42).as(Long.class));
        assertEquals(42, row(List.of("n"), 42L).as(int.class));
        assertEquals(Status.ACTIVE, row(List.of("s"), "ACTIVE").as(Status.class));
        assertNull(row(List.of("n"), (Object) null).as(Integer.class));
        assertMentions(refused(row(List.of("n"), (Object) null), int.class), "column n is NULL", "java.lang.Integer");
        assertMentions(refused(row(List.of("id", "name"), 1, "x"), String.class), "2 columns [id, name]",
                "java.lang.String");
        RowMappingException lossy = refused(row(List.of("n"), 2.5), Long.class);
        assertMentions(lossy, "column n", "java.lang.Long", "2.5");
    }

    // ------------------------------------------------------------------ caching

    @Test
    void rowsOfOneResultShareOnePlanPerType() {
        Row.Columns columns = Row.Columns.of(List.of("id", "name"));
        Row a = columns.row(new Object[] {1L, "a"});
        Row b = columns.row(new Object[] {2L, "b"});
        assertEquals(new Nullable(1L, "a"), a.as(Nullable.class));
        RowMapping.Plan plan = columns.plan(Nullable.class);
        assertEquals(new Nullable(2L, "b"), b.as(Nullable.class));
        assertSame(plan, columns.plan(Nullable.class), "worked out once for the result");
        assertNotSame(plan, Row.Columns.of(List.of("id", "name")).plan(Nullable.class), "and per result");
    }

    // ------------------------------------------------------------------ sessions

    @Test
    void sessionQueriesMapEveryRowAndTheFirst() throws Exception {
        Row.Columns columns = Row.Columns.of(List.of("ID", "NAME"));
        List<Row> rows = List.of(columns.row(new Object[] {1, "a"}), columns.row(new Object[] {2, null}));
        Session session = new RowsSession(rows);
        assertEquals(List.of(new Nullable(1L, "a"), new Nullable(2L, null)),
                session.query(Nullable.class, "SELECT id, name FROM t"));
        assertEquals(Optional.of(new Nullable(1L, "a")), session.first(Nullable.class, "SELECT id, name FROM t"));
        assertEquals(Optional.empty(), new RowsSession(List.of()).first(Nullable.class, "SELECT 1"));
        Session names = new RowsSession(List.of(Row.of(List.of("NAME"), Arrays.asList((Object) null))));
        assertEquals(Arrays.asList((String) null), names.query(String.class, "SELECT name FROM t"));
        assertEquals(Optional.empty(), names.first(String.class, "SELECT name FROM t"), "NULL reads as empty");
        assertThrows(UnsupportedOperationException.class,
                () -> session.query(Nullable.class, "SELECT 1").add(new Nullable(3L, "c")));
        assertThrows(RowMappingException.class, () -> session.query(Primitive.class, "SELECT id, name FROM t"));
    }

    @Test
    void aNullFirstParameterStillMeansTheUntypedQuery() throws Exception {
        RowsSession session = new RowsSession(List.of(Row.of(List.of("N"), List.of(1))));
        List<Row> rows = session.query("SELECT n FROM t WHERE a = ? AND b = ?", null, 2);
        assertEquals(1, rows.size());
        assertEquals(Arrays.asList(null, 2), Arrays.asList(session.lastParams));
    }

    /** A session that answers every query with the same rows. */
    private static final class RowsSession implements Session {
        private final List<Row> rows;
        Object[] lastParams;

        RowsSession(List<Row> rows) {
            this.rows = rows;
        }

        @Override
        public List<Row> query(String sql, Object... params) {
            lastParams = params;
            return rows;
        }

        @Override
        public Optional<Row> first(String sql, Object... params) {
            lastParams = params;
            return rows.stream().findFirst();
        }

        @Override
        public int update(String sql, Object... params) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Row> queryNamed(String sql, Map<String, ?> params) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Row> firstNamed(String sql, Map<String, ?> params) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int updateNamed(String sql, Map<String, ?> params) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int[] batch(String sql, List<Object[]> parameterRows) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object insert(String sql, String keyColumn, Object... params) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PreparedStatement prepared(String name, String sql) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void bind(PreparedStatement statement, Object... params) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Connection connection() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Dialect dialect() {
            throw new UnsupportedOperationException();
        }
    }
}

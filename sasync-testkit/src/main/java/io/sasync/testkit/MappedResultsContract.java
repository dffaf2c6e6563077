package io.sasync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.RowMappingException;
import io.sasync.TableSpec;
import io.sasync.TransactionException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rows read as Java types on every database ({@link io.sasync.Broker#sql(Class, String, Object...)},
 * {@link io.sasync.Broker#sqlFirst}, {@link io.sasync.Session#query(Class, String, Object...)}):
 * what each driver returns for dates, timestamps, decimals, booleans and {@code NULL}, and the
 * case it gives unquoted column names, reaches records, beans and single values intact.
 */
public abstract class MappedResultsContract extends ContractSupport {

    enum Seniority { JUNIOR, SENIOR }

    record Employee(long id, String fullName, LocalDate born, BigDecimal salary, LocalDateTime hiredAt,
            boolean active, Seniority seniority, String note, Integer teamSize) {
    }

    /** A bean of the same rows, filled through its setters. */
    public static class EmployeeBean {
        private long id;
        private String fullName;
        private BigDecimal salary;
        private Integer teamSize = -1;

        public long getId() {
            return id;
        }

        public void setId(long id) {
            this.id = id;
        }

        public String getFullName() {
            return fullName;
        }

        public void setFullName(String fullName) {
            this.fullName = fullName;
        }

        public BigDecimal getSalary() {
            return salary;
        }

        public void setSalary(BigDecimal salary) {
            this.salary = salary;
        }

        public Integer getTeamSize() {
            return teamSize;
        }

        public void setTeamSize(Integer teamSize) {
            this.teamSize = teamSize;
        }
    }

    record Headcount(int teamSize) {
    }

    private static final Employee ADA = new Employee(1, "Ada Lovelace", LocalDate.of(1815, 12, 10),
            new BigDecimal("1234.50"), LocalDateTime.of(1842, 7, 1, 9, 30, 15, 123_456_000), true, Seniority.SENIOR,
            "first programmer", 12);
    private static final Employee ALAN = new Employee(2, "Alan Turing", null, null, null, false, Seniority.JUNIOR,
            null, null);

    private String table;

    /** For subclasses. */
    protected MappedResultsContract() {
    }

    /** Creates the employee table, with two rows. */
    @BeforeEach
    public final void createEmployees() {
        table = table("employee");
        await(broker().table(TableSpec.builder(table)
                .column(Column.of("id", ColumnType.BIGINT).asPrimaryKey())
                .column(Column.of("full_name", ColumnType.VARCHAR).withSize(80).notNull())
                .column(Column.of("born", ColumnType.DATE))
                .column(Column.of("salary", ColumnType.DECIMAL).withSize(12).withScale(2))
                .column(Column.of("hired_at", ColumnType.TIMESTAMP))
                .column(Column.of("active", ColumnType.BOOLEAN).notNull())
                .column(Column.of("seniority", ColumnType.VARCHAR).withSize(10).notNull())
                .column(Column.of("note", ColumnType.TEXT))
                .column(Column.of("team_size", ColumnType.INTEGER))
                .build()));
        String insert = "INSERT INTO " + table + " (id, full_name, born, salary, hired_at, active, seniority, note,"
                + " team_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        for (Employee e : List.of(ADA, ALAN)) {
            await(broker().update(insert, e.id(), e.fullName(), e.born(), e.salary(), e.hiredAt(), e.active(),
                    e.seniority().name(), e.note(), e.teamSize()));
        }
    }

    @Test
    public void rowsMapToRecordsWithDatesDecimalsAndNulls() {
        assertEquals(List.of(ADA, ALAN), await(broker().sql(Employee.class, "SELECT * FROM " + table + " ORDER BY id")));
        assertEquals(List.of(ALAN), await(broker().sql(Employee.class,
                "SELECT * FROM " + table + " WHERE active = ? ORDER BY id", false)));
    }

    @Test
    public void rowsMapToBeansLeavingPropertiesWithoutAColumnAlone() {
        List<EmployeeBean> beans = await(broker().sql(EmployeeBean.class,
                "SELECT id, full_name, salary FROM " + table + " ORDER BY id"));
        assertEquals(2, beans.size());
        assertEquals("Ada Lovelace", beans.get(0).getFullName());
        assertEquals(0, new BigDecimal("1234.50").compareTo(beans.get(0).getSalary()));
        assertEquals(-1, beans.get(0).getTeamSize(), "no team_size column was selected");
        assertNull(beans.get(1).getSalary());
    }

    @Test
    public void singleColumnsMapToTheirValues() {
        assertEquals(List.of("Ada Lovelace", "Alan Turing"),
                await(broker().sql(String.class, "SELECT full_name FROM " + table + " ORDER BY id")));
        assertEquals(Optional.of(2L), await(broker().sqlFirst(Long.class, "SELECT COUNT(*) FROM " + table)));
        assertEquals(Arrays.asList(LocalDate.of(1815, 12, 10), null),
                await(broker().sql(LocalDate.class, "SELECT born FROM " + table + " ORDER BY id")));
        assertEquals(Optional.of(Seniority.SENIOR),
                await(broker().sqlFirst(Seniority.class, "SELECT seniority FROM " + table + " WHERE id = ?", 1L)));
        assertEquals(Optional.empty(),
                await(broker().sqlFirst(Employee.class, "SELECT * FROM " + table + " WHERE id = ?", 99L)));
    }

    @Test
    public void sessionsMapInsideATransaction() {
        Employee found = await(broker().transact(s -> {
            s.update("UPDATE " + table + " SET note = ? WHERE id = ?", "updated", 2L);
            return s.first(Employee.class, "SELECT * FROM " + table + " WHERE id = ?", 2L).orElseThrow();
        }));
        assertEquals("updated", found.note(), "the typed query sees its own transaction's writes");
        assertEquals(List.of(ADA.fullName()), await(broker().transact(s -> s.query(String.class,
                "SELECT full_name FROM " + table + " WHERE salary > ?", new BigDecimal("1000")))));
    }

    @Test
    public void aRowThatDoesNotMapFailsTheTransactionNamingColumnAndProperty() {
        Throwable f = failure(broker().sql(Headcount.class, "SELECT team_size FROM " + table + " ORDER BY id"));
        assertInstanceOf(TransactionException.class, f);
        RowMappingException cause = assertInstanceOf(RowMappingException.class, f.getCause());
        assertTrue(cause.getMessage().contains("is NULL"), cause.getMessage());
        assertTrue(cause.getMessage().toLowerCase(Locale.ROOT).contains("column team_size"),
                cause.getMessage());
        assertTrue(cause.getMessage().contains("component teamSize (int) of record " + Headcount.class.getName()),
                cause.getMessage());
    }
}

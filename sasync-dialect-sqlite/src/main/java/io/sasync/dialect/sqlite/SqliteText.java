package io.sasync.dialect.sqlite;

import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/**
 * Dates and timestamps as SQLite keeps them: text that its date and time functions read and that
 * sorts in time order. A date is written {@code 2024-02-29}, a timestamp
 * {@code 2024-02-29 13:14:15.123456789}: always nine digits of fraction, so that two timestamps
 * compare as text exactly as they compare in time. Reading also takes what SQLite's own functions
 * and other programs write ({@code datetime('now')} gives {@code 2024-02-29 13:14:15}), with
 * {@code T} or a space between date and time, and seconds and fraction optional.
 */
final class SqliteText {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DATE)
            .appendLiteral(' ')
            .appendPattern("HH:mm:ss")
            .appendFraction(NANO_OF_SECOND, 9, 9, true)
            .toFormatter();

    private static final DateTimeFormatter LENIENT_TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DATE)
            .optionalStart()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendValue(HOUR_OF_DAY, 2).appendLiteral(':').appendValue(MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .optionalEnd()
            .parseDefaulting(HOUR_OF_DAY, 0)
            .parseDefaulting(MINUTE_OF_HOUR, 0)
            .toFormatter();

    private SqliteText() {
    }

    /**
     * @param date a date
     * @return its text, {@code 2024-02-29}
     */
    static String format(LocalDate date) {
        return DATE.format(date);
    }

    /**
     * @param timestamp a date and time
     * @return its text, {@code 2024-02-29 13:14:15.123456789}
     */
    static String format(LocalDateTime timestamp) {
        return TIMESTAMP.format(timestamp);
    }

    /**
     * @param text   a DATE column's text
     * @param column the column, for the message
     * @return the date, of a text with or without a time of day
     * @throws SQLException when the text is not a date
     */
    static LocalDate date(String text, int column) throws SQLException {
        return parse(text, column, "DATE", "2024-02-29").toLocalDate();
    }

    /**
     * @param text   a TIMESTAMP column's text
     * @param column the column, for the message
     * @return the timestamp (midnight for a date alone)
     * @throws SQLException when the text is not a timestamp
     */
    static LocalDateTime timestamp(String text, int column) throws SQLException {
        return parse(text, column, "TIMESTAMP", "2024-02-29 13:14:15.123456789");
    }

    private static LocalDateTime parse(String text, int column, String type, String example) throws SQLException {
        try {
            return LocalDateTime.parse(text, LENIENT_TIMESTAMP);
        } catch (DateTimeParseException e) {
            throw new SQLException("column " + column + " of the result is a " + type + " but holds [" + text
                    + "], which is not of the form " + example, e);
        }
    }
}

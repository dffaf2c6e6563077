package io.sasync.persistence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A change notification's payload: who sent it, when, which store (items table and group) and
 * which keys, or that anything in the store may have changed.
 *
 * <p>Text, so that every database can carry it: {@code origin sentMillis group tableLength:table}
 * followed by {@code " *"} for anything, or by {@code " ="} and each name as
 * {@code length:name}. Lengths count UTF-16 chars, so names may hold any character a key may.
 *
 * @param origin     the sending dict's random id, so that it skips its own notifications
 * @param sentMillis the sender's clock when it sent, for the staleness figures
 * @param group      the store's group id
 * @param table      the store's items table, as its dialect writes it in SQL
 * @param names      the names changed; {@code null} for anything
 */
record ChangeMessage(String origin, long sentMillis, long group, String table, List<String> names) {

    /**
     * The most payloads one change is split into; a change whose names need more says "anything"
     * (on PostgreSQL, about 250 KB of names: thousands of keys).
     */
    static final int MAX_PAYLOADS = 32;

    /** @return whether it says anything in the store may have changed */
    boolean everything() {
        return names == null;
    }

    /**
     * @param maxBytes the most UTF-8 bytes the database carries in one payload
     * @return the payloads, to send in the change's transaction: the names, as many to a payload
     *         as fit, in at most {@value #MAX_PAYLOADS} payloads; one payload saying "anything"
     *         for a clear, for a name too long to fit alone, or for names needing more payloads
     */
    List<String> encode(int maxBytes) {
        String head = origin + ' ' + sentMillis + ' ' + group + ' ' + table.length() + ':' + table;
        List<String> anything = List.of(head + " *");
        if (names == null) {
            return anything;
        }
        String listHead = head + " =";
        int headBytes = utf8Length(listHead);
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder(listHead);
        int bytes = headBytes;
        for (String name : names) {
            String entry = name.length() + ":" + name;
            int entryBytes = utf8Length(entry);
            if (headBytes + entryBytes > maxBytes) {
                return anything;
            }
            if (bytes + entryBytes > maxBytes) {
                if (payloads.size() + 1 >= MAX_PAYLOADS) {
                    return anything;
                }
                payloads.add(payload.toString());
                payload = new StringBuilder(listHead);
                bytes = headBytes;
            }
            payload.append(entry);
            bytes += entryBytes;
        }
        payloads.add(payload.toString());
        return payloads;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * @param payload a payload, perhaps not one of ours
     * @return the message, or {@code null} when it is not one
     */
    static ChangeMessage decode(String payload) {
        try {
            int a = payload.indexOf(' ');
            int b = payload.indexOf(' ', a + 1);
            int c = payload.indexOf(' ', b + 1);
            int colon = payload.indexOf(':', c + 1);
            String origin = payload.substring(0, a);
            long sent = Long.parseLong(payload.substring(a + 1, b));
            long group = Long.parseLong(payload.substring(b + 1, c));
            int tableEnd = colon + 1 + Integer.parseInt(payload.substring(c + 1, colon));
            String table = payload.substring(colon + 1, tableEnd);
            String rest = payload.substring(tableEnd);
            if (rest.equals(" *")) {
                return new ChangeMessage(origin, sent, group, table, null);
            }
            if (!rest.startsWith(" =")) {
                return null;
            }
            List<String> names = new ArrayList<>();
            for (int i = 2; i < rest.length(); ) {
                int sep = rest.indexOf(':', i);
                int end = sep + 1 + Integer.parseInt(rest.substring(i, sep));
                names.add(rest.substring(sep + 1, end));
                i = end;
            }
            return new ChangeMessage(origin, sent, group, table, List.copyOf(names));
        } catch (RuntimeException notOurs) {
            return null;
        }
    }
}

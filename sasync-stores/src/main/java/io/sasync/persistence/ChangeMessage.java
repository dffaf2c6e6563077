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

    /** The most names a message lists; a change of more says "anything". */
    static final int MAX_NAMES = 16;

    /** @return whether it says anything in the store may have changed */
    boolean everything() {
        return names == null;
    }

    /**
     * @param maxBytes the most UTF-8 bytes the database carries
     * @return the payload: the names when there are at most {@value #MAX_NAMES} and they fit,
     *         otherwise "anything"
     */
    String encode(int maxBytes) {
        StringBuilder head = new StringBuilder().append(origin).append(' ').append(sentMillis).append(' ')
                .append(group).append(' ').append(table.length()).append(':').append(table);
        String anything = head + " *";
        if (names == null || names.size() > MAX_NAMES) {
            return anything;
        }
        head.append(" =");
        for (String name : names) {
            head.append(name.length()).append(':').append(name);
        }
        String listed = head.toString();
        return listed.getBytes(StandardCharsets.UTF_8).length <= maxBytes ? listed : anything;
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

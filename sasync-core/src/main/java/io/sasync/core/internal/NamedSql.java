package io.sasync.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * SQL with {@code :name} parameters, rewritten once into JDBC's {@code ?} placeholders and the
 * name each takes. A name may appear several times; it is bound at each place. Text inside
 * string literals ({@code '…'}), quoted identifiers ({@code "…"}) and comments ({@code -- …},
 * {@code /* … *&#47;}) is left alone, and so are PostgreSQL's casts ({@code ::type}) and a colon
 * not followed by a letter. {@code ?} placeholders cannot be mixed in.
 *
 * @param sql   the SQL with {@code ?} placeholders
 * @param names the name of each placeholder, in order
 */
record NamedSql(String sql, List<String> names) {

    /**
     * @param values a value for every name
     * @return the values in placeholder order
     * @throws IllegalArgumentException when a name has no value, or a value no name
     */
    Object[] bind(Map<String, ?> values) {
        Set<String> unused = new TreeSet<>(values.keySet());
        Object[] out = new Object[names.size()];
        for (int i = 0; i < out.length; i++) {
            String name = names.get(i);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("no value for :" + name + " in " + sql + "; given: " + values.keySet());
            }
            out[i] = values.get(name);
            unused.remove(name);
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("values given for no parameter of the statement: " + unused);
        }
        return out;
    }

    /**
     * @param named SQL with {@code :name} parameters
     * @return it parsed
     * @throws IllegalArgumentException when it also has {@code ?} placeholders
     */
    static NamedSql parse(String named) {
        StringBuilder sql = new StringBuilder(named.length());
        List<String> names = new ArrayList<>();
        int n = named.length();
        int i = 0;
        while (i < n) {
            char c = named.charAt(i);
            if (c == '\'' || c == '"') {
                int end = named.indexOf(c, i + 1);
                while (end > 0 && end + 1 < n && named.charAt(end + 1) == c) {
                    end = named.indexOf(c, end + 2); // a doubled quote inside the literal
                }
                end = end < 0 ? n : end + 1;
                sql.append(named, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && named.charAt(i + 1) == '-') {
                int end = named.indexOf('\n', i);
                end = end < 0 ? n : end;
                sql.append(named, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && named.charAt(i + 1) == '*') {
                int end = named.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                sql.append(named, i, end);
                i = end;
            } else if (c == ':' && i + 1 < n && named.charAt(i + 1) == ':') {
                sql.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && Character.isJavaIdentifierStart(named.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && Character.isJavaIdentifierPart(named.charAt(end))) {
                    end++;
                }
                names.add(named.substring(i + 1, end));
                sql.append('?');
                i = end;
            } else if (c == '?') {
                throw new IllegalArgumentException("a statement with :name parameters cannot have ? placeholders too: "
                        + named);
            } else {
                sql.append(c);
                i++;
            }
        }
        return new NamedSql(sql.toString(), List.copyOf(names));
    }
}

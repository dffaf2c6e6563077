package io.sasync;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How {@link Row#as} turns rows into Java objects, in three steps of which only the last runs
 * per row:
 *
 * <ol>
 *   <li>per class, once (a {@link ClassValue}): what kind of type it is, its properties with
 *       their constructor or setters, made accessible; or why it cannot be mapped;</li>
 *   <li>per result and type (kept by the rows' {@link Row.Columns}): which column fills which
 *       property, or why the columns do not fit the type;</li>
 *   <li>per row: the conversions and the constructor or setter calls.</li>
 * </ol>
 */
final class RowMapping {

    private static final ClassValue<Target> TARGETS = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> type) {
            return Target.of(type);
        }
    };

    private RowMapping() {
    }

    /**
     * @param type   the type rows are wanted as
     * @param labels the columns of the rows
     * @return how to map such rows to it
     * @throws RowMappingException when the type cannot be mapped, or not from these columns
     */
    static Plan plan(Class<?> type, List<String> labels) {
        return TARGETS.get(type).plan(labels);
    }

    /**
     * The name a column and a property are matched by: lower case, without underscores, so
     * that {@code FIRST_NAME} and {@code firstName} meet.
     */
    static String key(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Whether values of a type are taken from one column as they are (after conversion), rather
     * than built from several: primitives, enums, and the JDK's own types, arrays of these
     * included. Records and other classes of applications are not.
     */
    static boolean isColumnType(Class<?> type) {
        if (type.isPrimitive() || type.isEnum()) {
            return true;
        }
        if (type.isArray()) {
            return isColumnType(type.getComponentType());
        }
        if (type.isRecord()) {
            return false;
        }
        String pkg = type.getPackageName();
        return pkg.startsWith("java.") || pkg.startsWith("javax.");
    }

    /** How the rows of one result map to one type. */
    abstract static class Plan {
        private final Class<?> type;

        Plan(Class<?> type) {
            this.type = type;
        }

        /** @return the type it maps to */
        final Class<?> type() {
            return type;
        }

        /**
         * @param values a row's values
         * @return the row as the type
         */
        abstract Object map(Object[] values);
    }

    /** One property of a record or bean: a record component, or a bean's setter. */
    private record Property(String name, Class<?> type, Method setter) {

        /** @return the value of a column converted for this property */
        Object value(Object raw, String column, Target target) {
            if (raw == null) {
                if (type.isPrimitive()) {
                    throw new RowMappingException("column " + column + " is NULL, which " + describe(target)
                            + " cannot hold: declare it as " + Row.wrapper(type).getSimpleName());
                }
                return null;
            }
            try {
                return Row.convert(raw, type, column);
            } catch (ClassCastException | IllegalArgumentException e) {
                throw new RowMappingException("column " + column + " does not fit " + describe(target) + ": "
                        + e.getMessage(), e);
            }
        }

        String describe(Target target) {
            return (target.record ? "component " : "property ") + name + " (" + type.getTypeName() + ") of "
                    + target.describe();
        }
    }

    /** What a type is for mapping, worked out once per class. */
    private static final class Target {
        private final Class<?> type;
        /** Why it cannot be mapped; {@code null} when it can. */
        private final String refusal;
        /** Whether it is taken from one column. */
        private final boolean scalar;
        private final boolean record;
        private final Constructor<?> constructor;
        private final List<Property> properties;
        private final Map<String, Integer> byKey;

        private Target(Class<?> type, String refusal, boolean scalar, boolean record, Constructor<?> constructor,
                List<Property> properties) {
            this.type = type;
            this.refusal = refusal;
            this.scalar = scalar;
            this.record = record;
            this.constructor = constructor;
            this.properties = properties;
            this.byKey = new HashMap<>();
            for (int i = 0; i < properties.size(); i++) {
                byKey.put(key(properties.get(i).name()), i);
            }
        }

        static Target refused(Class<?> type, String why) {
            return new Target(type, why, false, type.isRecord(), null, List.of());
        }

        static Target of(Class<?> type) {
            if (isColumnType(type)) {
                return new Target(type, null, true, false, null, List.of());
            }
            return type.isRecord() ? ofRecord(type) : ofBean(type);
        }

        private static Target ofRecord(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            List<Property> properties = new ArrayList<>();
            for (RecordComponent c : components) {
                properties.add(new Property(c.getName(), c.getType(), null));
            }
            Constructor<?> canonical;
            try {
                canonical = type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType)
                        .toArray(Class<?>[]::new));
            } catch (NoSuchMethodException e) {
                return refused(type, "record " + type.getName() + " has no canonical constructor");
            }
            return checked(type, true, canonical, properties);
        }

        private static Target ofBean(Class<?> type) {
            String bean = "bean " + type.getName();
            if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                return refused(type, bean + " is " + (type.isInterface() ? "an interface" : "abstract")
                        + ": rows map to records, to classes with a no-argument constructor and setters, and "
                        + "to column types");
            }
            if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
                return refused(type, bean + " is an inner class, made only with an instance of "
                        + type.getEnclosingClass().getName() + ": declare it static");
            }
            Constructor<?> constructor;
            try {
                constructor = type.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                return refused(type, bean + (type.isLocalClass() || type.isAnonymousClass()
                        ? " is a local or anonymous class whose constructor takes what it captures: declare it as a "
                                + "static nested or a top-level class"
                        : " has no no-argument constructor: give it one, or make it a record"));
            }
            Map<String, Method> setters = new HashMap<>();
            List<Property> properties = new ArrayList<>();
            for (Method m : type.getMethods()) {
                if (!isSetter(m)) {
                    continue;
                }
                String name = propertyName(m.getName().substring(3));
                Method other = setters.put(name, m);
                if (other != null) {
                    return refused(type, bean + " has two setters for property " + name + ": " + signature(other)
                            + " and " + signature(m) + "; keep one");
                }
                properties.add(new Property(name, m.getParameterTypes()[0], m));
            }
            if (properties.isEmpty()) {
                return refused(type, bean + " has no public setters: give it setters (such as setName(String)), "
                        + "or make it a record (fields are not set)");
            }
            properties.sort((a, b) -> a.name().compareTo(b.name()));
            return checked(type, false, constructor, properties);
        }

        /** Refuses nested types, names no column can tell apart, and members it may not call. */
        private static Target checked(Class<?> type, boolean record, Constructor<?> constructor,
                List<Property> properties) {
            String kind = (record ? "record " : "bean ") + type.getName();
            Map<String, Property> byKey = new HashMap<>();
            for (Property p : properties) {
                if (!isColumnType(p.type())) {
                    return refused(type, (record ? "component " : "property ") + p.name() + " of " + kind + " is a "
                            + p.type().getName() + ", which is not a column type: nested types are not mapped; "
                            + "read it from the row yourself, with row.as(" + p.type().getSimpleName() + ".class) "
                            + "or row.get(label, type)");
                }
                Property other = byKey.put(key(p.name()), p);
                if (other != null) {
                    return refused(type, kind + " has " + (record ? "components " : "properties ") + other.name()
                            + " and " + p.name() + ", which no column name can tell apart (names match ignoring case "
                            + "and underscores)");
                }
            }
            List<AccessibleObject> members = new ArrayList<>();
            members.add(constructor);
            properties.stream().map(Property::setter).filter(m -> m != null).forEach(members::add);
            for (AccessibleObject member : members) {
                if (!member.trySetAccessible()) {
                    return refused(type, "cannot call " + member + " of " + kind + ": its module does not open "
                            + "package " + type.getPackageName() + " to sAsync (io.sasync.api)");
                }
            }
            return new Target(type, null, false, record, constructor, List.copyOf(properties));
        }

        private static boolean isSetter(Method m) {
            return m.getName().length() > 3 && m.getName().startsWith("set")
                    && Character.isUpperCase(m.getName().charAt(3)) && m.getParameterCount() == 1
                    && !Modifier.isStatic(m.getModifiers()) && !m.isBridge() && !m.isSynthetic();
        }

        /** The JavaBeans name of a property: {@code Name} is {@code name}, {@code URL} stays {@code URL}. */
        private static String propertyName(String capitalized) {
            if (capitalized.length() > 1 && Character.isUpperCase(capitalized.charAt(1))) {
                return capitalized;
            }
            return Character.toLowerCase(capitalized.charAt(0)) + capitalized.substring(1);
        }

        private static String signature(Method m) {
            return m.getName() + "(" + m.getParameterTypes()[0].getTypeName() + ")";
        }

        String describe() {
            return (record ? "record " : "bean ") + type.getName();
        }

        Plan plan(List<String> labels) {
            if (refusal != null) {
                throw new RowMappingException(refusal);
            }
            if (scalar) {
                return scalarPlan(labels);
            }
            int[] columns = new int[properties.size()];
            Arrays.fill(columns, -1);
            for (int c = 0; c < labels.size(); c++) {
                Integer p = byKey.get(key(labels.get(c)));
                if (p == null) {
                    continue;
                }
                if (columns[p] >= 0) {
                    throw new RowMappingException("columns " + labels.get(columns[p]) + " and " + labels.get(c)
                            + " both match " + properties.get(p).describe(this) + " (names match ignoring case and "
                            + "underscores): select only one of them, or rename one with AS");
                }
                columns[p] = c;
            }
            List<String> missing = new ArrayList<>();
            for (int p = 0; p < columns.length; p++) {
                if (columns[p] < 0) {
                    missing.add(properties.get(p).name());
                }
            }
            if (record && !missing.isEmpty()) {
                throw new RowMappingException(describe() + " needs a column for " + (missing.size() == 1
                        ? "component " : "components ") + String.join(", ", missing) + ", and the result has none of "
                        + "that name: its columns are " + labels + " (names match ignoring case and underscores)");
            }
            if (!record && missing.size() == properties.size()) {
                throw new RowMappingException("no column of the result " + labels + " matches a property of "
                        + describe() + " (" + properties.stream().map(Property::name).collect(Collectors.joining(", "))
                        + "; names match ignoring case and underscores)");
            }
            return record ? new RecordPlan(this, labels, columns) : new BeanPlan(this, labels, columns);
        }

        private Plan scalarPlan(List<String> labels) {
            if (labels.size() != 1) {
                throw new RowMappingException("a row of " + labels.size() + " columns " + labels + " cannot be read as "
                        + type.getTypeName() + ", which takes one column: select one column, or map the row to a "
                        + "record or bean");
            }
            String label = labels.get(0);
            return new Plan(type) {
                @Override
                Object map(Object[] values) {
                    if (values[0] == null && type.isPrimitive()) {
                        throw new RowMappingException("column " + label + " is NULL, which " + type.getName()
                                + " cannot hold: ask for " + Row.wrapper(type).getName());
                    }
                    try {
                        return Row.convert(values[0], type, label);
                    } catch (ClassCastException | IllegalArgumentException e) {
                        throw new RowMappingException("column " + label + " cannot be read as " + type.getTypeName()
                                + ": " + e.getMessage(), e);
                    }
                }
            };
        }
    }

    /** Calls a record's canonical constructor with a value for every component. */
    private static final class RecordPlan extends Plan {
        private final Target target;
        private final List<String> labels;
        private final int[] columns;

        RecordPlan(Target target, List<String> labels, int[] columns) {
            super(target.type);
            this.target = target;
            this.labels = labels;
            this.columns = columns;
        }

        @Override
        Object map(Object[] values) {
            List<Property> properties = target.properties;
            Object[] arguments = new Object[columns.length];
            for (int p = 0; p < columns.length; p++) {
                String label = labels.get(columns[p]);
                arguments[p] = properties.get(p).value(values[columns[p]], label, target);
            }
            try {
                return target.constructor.newInstance(arguments);
            } catch (InvocationTargetException e) {
                throw new RowMappingException(target.describe() + " refused the row's values (columns " + labels
                        + "): " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new RowMappingException("cannot make " + target.describe() + ": " + e, e);
            }
        }
    }

    /** Makes a bean with its no-argument constructor, then calls the setters of the columns there are. */
    private static final class BeanPlan extends Plan {
        private final Target target;
        private final List<String> labels;
        private final int[] columns;

        BeanPlan(Target target, List<String> labels, int[] columns) {
            super(target.type);
            this.target = target;
            this.labels = labels;
            this.columns = columns;
        }

        @Override
        Object map(Object[] values) {
            Object bean;
            try {
                bean = target.constructor.newInstance();
            } catch (InvocationTargetException e) {
                throw new RowMappingException("the constructor of " + target.describe() + " failed: " + e.getCause(),
                        e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new RowMappingException("cannot make " + target.describe() + ": " + e, e);
            }
            for (int p = 0; p < columns.length; p++) {
                if (columns[p] < 0) {
                    continue;
                }
                Property property = target.properties.get(p);
                String label = labels.get(columns[p]);
                Object value = property.value(values[columns[p]], label, target);
                try {
                    property.setter().invoke(bean, value);
                } catch (InvocationTargetException e) {
                    throw new RowMappingException(property.describe(target) + " refused the value of column " + label
                            + ": " + e.getCause(), e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new RowMappingException("cannot set " + property.describe(target) + ": " + e, e);
                }
            }
            return bean;
        }
    }
}

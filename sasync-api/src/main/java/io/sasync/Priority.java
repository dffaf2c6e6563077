package io.sasync;

/**
 * How soon a task runs relative to the others waiting on its queue.
 *
 * <p>Niceness ranges from −20 (most urgent) to 20 (least), as with UNIX {@code nice}; 0 is
 * {@link #NORMAL}. {@link #NEXT} goes ahead of everything queued and {@link #LAST} after
 * everything queued; among themselves {@code NEXT}s, and likewise {@code LAST}s, run in
 * submission order.
 *
 * <p>Niceness is not absolute: to keep every task from starving, a queue orders tasks by
 * {@code serial + A × ((niceness + 20) / 10)²}, where {@code serial} counts submissions and
 * {@code A} is the queue's aging window ({@link DatabaseConfig#agingWindow()}). A task of
 * niceness −20 therefore overtakes at most {@code 4A} waiting tasks of niceness 0, and a task of
 * niceness 20 is overtaken by at most {@code 16A} later submissions.
 */
public final class Priority implements Comparable<Priority> {

    /** The most urgent niceness. */
    public static final int MIN_NICENESS = -20;
    /** The least urgent niceness. */
    public static final int MAX_NICENESS = 20;

    private static final Priority[] BY_NICENESS = new Priority[MAX_NICENESS - MIN_NICENESS + 1];

    static {
        for (int n = MIN_NICENESS; n <= MAX_NICENESS; n++) {
            BY_NICENESS[n - MIN_NICENESS] = new Priority(Kind.NICENESS, n);
        }
    }

    /** Niceness 0, the default. */
    public static final Priority NORMAL = of(0);
    /** Ahead of everything queued (the original {@code doNext}). */
    public static final Priority NEXT = new Priority(Kind.NEXT, MIN_NICENESS);
    /** After everything queued (the original {@code doLast}). */
    public static final Priority LAST = new Priority(Kind.LAST, MAX_NICENESS);

    /** What kind of priority this is; the queue orders kinds {@code NEXT}, niceness, {@code LAST}. */
    public enum Kind {
        /** Ahead of everything queued. */
        NEXT,
        /** Ordered by niceness and age. */
        NICENESS,
        /** After everything queued. */
        LAST
    }

    /**
     * Coarse groups of priorities, for monitoring: five bands of niceness, {@code NEXT} and
     * {@code LAST}. Each band's {@link #label()} is what metrics tag it with.
     */
    public enum Band {
        /** {@code NEXT}. */
        NEXT("next"),
        /** Niceness −20 to −11. */
        MOST_URGENT("-20..-11"),
        /** Niceness −10 to −1. */
        URGENT("-10..-1"),
        /** Niceness 0. */
        NORMAL("0"),
        /** Niceness 1 to 10. */
        RELAXED("1..10"),
        /** Niceness 11 to 20. */
        LEAST_URGENT("11..20"),
        /** {@code LAST}. */
        LAST("last");

        private final String label;

        Band(String label) {
            this.label = label;
        }

        /** @return a short name: {@code next}, {@code -20..-11}, …, {@code 0}, …, {@code last} */
        public String label() {
            return label;
        }
    }

    private final Kind kind;
    private final int niceness;

    private Priority(Kind kind, int niceness) {
        this.kind = kind;
        this.niceness = niceness;
    }

    /**
     * @param niceness −20 (most urgent) to 20 (least urgent)
     * @return the priority of that niceness
     * @throws IllegalArgumentException when niceness is outside −20…20
     */
    public static Priority of(int niceness) {
        if (niceness < MIN_NICENESS || niceness > MAX_NICENESS) {
            throw new IllegalArgumentException(
                    "niceness must be between " + MIN_NICENESS + " and " + MAX_NICENESS + ", was " + niceness);
        }
        return BY_NICENESS[niceness - MIN_NICENESS];
    }

    /** @return the kind: {@code NEXT}, by niceness, or {@code LAST} */
    public Kind kind() {
        return kind;
    }

    /** @return the niceness; −20 for {@link #NEXT} and 20 for {@link #LAST} */
    public int niceness() {
        return niceness;
    }

    /** @return the band this priority falls in */
    public Band band() {
        if (kind == Kind.NEXT) {
            return Band.NEXT;
        }
        if (kind == Kind.LAST) {
            return Band.LAST;
        }
        if (niceness <= -11) {
            return Band.MOST_URGENT;
        }
        if (niceness < 0) {
            return Band.URGENT;
        }
        if (niceness == 0) {
            return Band.NORMAL;
        }
        return niceness <= 10 ? Band.RELAXED : Band.LEAST_URGENT;
    }

    /**
     * Orders priorities from most to least urgent, ignoring age: {@code NEXT}, niceness −20 … 20,
     * {@code LAST}.
     */
    @Override
    public int compareTo(Priority other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : Integer.compare(niceness, other.niceness);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NEXT -> "Priority.NEXT";
            case LAST -> "Priority.LAST";
            case NICENESS -> "Priority(" + niceness + ")";
        };
    }
}

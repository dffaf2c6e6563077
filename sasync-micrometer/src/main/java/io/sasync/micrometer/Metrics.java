package io.sasync.micrometer;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.sasync.DatabaseConfig;

/** What the binders share: the {@code database} tag. */
final class Metrics {

    private Metrics() {
    }

    /**
     * @param config the database
     * @param tags   the caller's tags
     * @return the caller's tags, with a {@code database} tag of the config's URL (without
     *         password) unless the caller gave one
     */
    static Tags database(DatabaseConfig config, Iterable<Tag> tags) {
        Tags given = Tags.of(tags);
        boolean named = given.stream().anyMatch(t -> t.getKey().equals("database"));
        return named ? given : given.and("database", config.safeUrl());
    }
}

package io.pmr.collector.store;

/**
 * The database engine behind a {@link SqliteStore}, and the few places where its SQL cannot be the same on both: the
 * rest of the store's SQL is written once, in forms both engines take ({@code INSERT ... ON CONFLICT}, {@code UPDATE
 * ... FROM}, {@code IS NOT DISTINCT FROM}, plain {@code ?} parameters). What differs beyond these methods: how a
 * connection is opened and its schema made ({@link SqliteConnections}, {@link PostgresConnections}), minute rows'
 * month partitions ({@link MonthPartitions}, PostgreSQL only) and the integrity check. Stateless.
 */
enum Dialect {
    /** One SQLite file (WAL, synchronous=FULL): the default, for one collector. */
    SQLITE,
    /** A PostgreSQL database: the shared store of several collectors. */
    POSTGRESQL;

    /**
     * The column in a WHERE term that must not lead the planner to its index: SQLite's unary {@code +} (its documented
     * way); PostgreSQL's planner costs the choice itself, and {@code +text} is no operator there.
     */
    String noIndex(String column) {
        return this == SQLITE ? "+" + column : column;
    }
}

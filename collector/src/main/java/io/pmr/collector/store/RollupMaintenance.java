package io.pmr.collector.store;

/**
 * {@code pmr collector rebuild-rollups}: proves a store's daily rollups equal a fresh aggregation of its minute rows,
 * and re-derives them. Each call is one transaction of the store (under its lock); a collector writing the same file
 * meanwhile waits for it (SQLite's busy timeout). On PostgreSQL a rebuild first takes the writers' lock that ingest
 * batches take ({@link Dialect#beginWrite}): it waits for a batch in progress, rebuilds from what that batch committed,
 * and the next batches wait for it. Stateless.
 */
public final class RollupMaintenance {
    private RollupMaintenance() {
    }

    /**
     * Compares the daily rollups with a fresh aggregation of the minute rows (one pass over them, sorted by SQLite),
     * naming at most {@code maxNamed} differing rows. Reads only.
     *
     * @throws StoreException when the read failed, or a stored rollup cannot be decoded at all
     */
    public static RollupCheck check(SqliteStore store, int maxNamed) {
        return store.onConnection("checking the daily rollups",
                connection -> () -> RollupAudit.check(connection, maxNamed));
    }

    /**
     * Replaces every daily rollup with a fresh aggregation of the minute rows and checks the result against another
     * aggregation, in one transaction committed only when they are equal, holding the writers' lock on PostgreSQL:
     * the returned check is the proof.
     *
     * @throws StoreException when the rewritten rollups still differ or the write failed (nothing is changed then)
     */
    public static RollupCheck rebuild(SqliteStore store, int maxNamed) {
        return store.writingOnConnection("rebuilding the daily rollups", connection -> () -> {
            RollupAudit.rewrite(connection);
            RollupCheck check = RollupAudit.check(connection, maxNamed);
            if (!check.equal()) {
                throw new StoreException("rebuilt rollups differ from a fresh aggregation: " + check.differences());
            }
            return check;
        });
    }
}

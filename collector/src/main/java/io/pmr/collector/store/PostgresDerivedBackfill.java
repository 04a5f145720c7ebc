package io.pmr.collector.store;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL schema step 10.1: derives {@code first_data} and {@code agent_day} (created empty by {@code V10__...sql})
 * from a version 9 database's stored rollups and device records, through the same Java code path as SQLite's version
 * 10 back-fill ({@link RollupAudit#rewriteDerivedFromRollups}: one pass over the rollups in agent order, damaged
 * rollups re-derived from the minute rows). On a new database it writes nothing. Flyway runs it once per database,
 * under its advisory lock, in its own transaction after V10's: a crash between the two leaves this step pending and the
 * next start runs it; the rewrite empties both tables first, so a rerun is never counted twice. Stateless.
 */
final class PostgresDerivedBackfill implements JavaMigration {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDerivedBackfill.class);

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("10.1");
    }

    @Override
    public String getDescription() {
        return "back-fill first_data and agent_day from the rollups";
    }

    /** No checksum: the step is code, and what it does is fixed by its version. */
    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    /** Runs in Flyway's transaction on its connection; never commits (Flyway does, with its history row). */
    @Override
    public void migrate(Context context) throws Exception {
        long rows = RollupAudit.rewriteDerivedFromRollups(context.getConnection());
        LOG.info("Migrated store to schema 10.1: {} first data and agent day rows back-filled from the daily rollups",
                rows);
    }
}

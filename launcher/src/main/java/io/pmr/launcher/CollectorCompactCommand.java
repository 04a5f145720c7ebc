package io.pmr.launcher;

import io.pmr.collector.store.SchemaCompaction;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreException;
import io.pmr.collector.store.StoreLock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pmr collector compact}: drops from a SQLite store what older schema versions created and the current one
 * never reads ({@link SchemaCompaction}), so an upgraded file is as cheap to ingest into as a new one. It takes the
 * collector's lock on the file first ({@link StoreLock}): with a collector running on it, it is refused and changes
 * nothing. Exit 0 when done or there was nothing to drop (always on PostgreSQL, whose migration V12 dropped the
 * index), 7 when the database is missing, 8 when it is refused (in use, not a pmr store) or the drop failed (nothing
 * changed then).
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = {"Drops what older schema versions left in a SQLite store and nothing reads any more.",
                "Today: interval_report_start, the minute rows' index led by the start (schema 11 and earlier),",
                "which the ingest writer otherwise keeps up for every minute row. Run it with the collector",
                "stopped (it takes the collector's lock); the figures read the same before and after."})
final class CollectorCompactCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    StoreOptions database = new StoreOptions();

    @Option(names = "--check", description = "Only list what would be dropped; change nothing.")
    boolean checkOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (database.refusedAsMissing(err)) {
            return ExitCode.INPUT_REFUSED.code();
        }
        Path file = database.file();
        if (file == null) {
            out.println("nothing to compact on PostgreSQL (" + database + "): its migration V12 dropped"
                    + " interval_report_start already");
            out.flush();
            return ExitCode.OK.code();
        }
        try (StoreLock lock = StoreLock.acquire(file, Clock.systemUTC().instant());
                SqliteStore store = SqliteStore.open(database.location())) {
            SchemaCompaction.Findings found = checkOnly ? SchemaCompaction.inspect(store)
                    : SchemaCompaction.compact(store);
            for (String index : found.obsoleteIndexes()) {
                out.println((checkOnly ? "would drop: index " : "dropped: index ") + index
                        + " (created by schema 11 or earlier; no query of schema 12 reads it)");
            }
            if (found.obsoleteIndexes().isEmpty()) {
                out.println("nothing to drop: " + file + " holds no index an older schema left");
            }
            if (found.keepsMinuteRowKey()) {
                out.println("kept: interval_report's primary key (created by schema 10 or earlier): SQLite removes a"
                        + " key only by rebuilding the table, which compact does not do");
            }
            out.flush();
            return ExitCode.OK.code();
        } catch (StoreException e) {
            out.flush();
            err.println(e.getMessage());
            err.flush();
            return ExitCode.STORE_REFUSED.code();
        }
    }
}

package io.pmr.launcher;

import io.pmr.collector.store.RollupCheck;
import io.pmr.collector.store.RollupMaintenance;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pmr collector rebuild-rollups}: proves a database's daily rollups and all-agent daily totals (what reports
 * read) equal a fresh
 * aggregation of its minute rows (what agents sent, kept for audit), naming every row that does not, and re-derives
 * them. Exit 0 when they were equal, 10 when some differed (named; rebuilt and proven equal unless {@code --check}),
 * 7 when the database is missing, 8 when it is refused or the rebuild failed (nothing changed then).
 */
@Command(name = "rebuild-rollups", mixinStandardHelpOptions = true,
        description = {"Checks the daily rollups and totals against the minute rows and rebuilds them.",
                "Aggregates the minute rows afresh, compares every daily rollup (per agent), daily total (all",
                "agents), first data (per agent and measure) and agent day (per agent and UK day) with the result",
                "(naming each row that differs, is missing or has no minute rows), then,",
                "unless --check, replaces them with the fresh aggregation and proves the result equal, in one",
                "transaction."})
final class CollectorRebuildRollupsCommand implements Callable<Integer> {
    /** Differences printed in full; the rest are counted. */
    static final int NAMED_ROWS = 50;

    @picocli.CommandLine.Mixin
    StoreOptions database = new StoreOptions();

    @Option(names = "--check", description = "Only compare; change nothing.")
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
        try (SqliteStore store = SqliteStore.open(database.location())) {
            RollupCheck before = RollupMaintenance.check(store, NAMED_ROWS);
            before.differences().forEach(out::println);
            if (before.differingRows() > before.differences().size()) {
                out.println("... and " + (before.differingRows() - before.differences().size()) + " more");
            }
            out.println(before.equal()
                    ? "equal: " + before.rollupRows() + " daily rollups and " + before.totalRows()
                            + " daily totals (and the first data and agent days) equal a fresh aggregation of "
                            + before.minuteRows() + " minute rows"
                    : "differ: " + before.differingRows() + " rows (of " + (before.freshRows()
                            + before.freshTotalRows()) + " daily rollups and totals, and the first data and agent days)"
                            + " differ from a fresh aggregation of " + before.minuteRows() + " minute rows");
            if (!before.equal() && !checkOnly) {
                RollupCheck after = RollupMaintenance.rebuild(store, NAMED_ROWS);
                out.println("rebuilt: " + after.rollupRows() + " daily rollups and " + after.totalRows()
                        + " daily totals (and the first data and agent days) now equal a fresh aggregation of "
                        + after.minuteRows() + " minute rows");
            }
            out.flush();
            return before.equal() ? ExitCode.OK.code() : ExitCode.ROLLUPS_DIFFERED.code();
        } catch (StoreException e) {
            out.flush();
            err.println(e.getMessage());
            err.flush();
            return ExitCode.STORE_REFUSED.code();
        }
    }
}

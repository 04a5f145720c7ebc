package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pmr bench report} on a tiny month: a kept store proven equal to a fresh aggregation (rollups and totals), then
 * reported again with {@code --reuse} over the same rows without building; {@code --reuse} without {@code --keep} is a
 * usage error.
 */
@Timeout(300)
class BenchReportCommandTest {
    private static final Pattern REPORT_LINE = Pattern.compile(
            "(?m)^report \\d+\\.\\d\\d s over (\\d+) rows \\((\\d+) rollups; report thread cpu \\d+\\.\\d\\d s\\)$");

    @TempDir
    Path dir;

    @Test
    void aKeptStoreIsReportedAgainWithReuseWithoutBuilding() {
        Path keep = dir.resolve("bench");
        String first = run(0, "bench", "report", "--agents", "2", "--minutes-per-day", "1", "--keep", keep.toString(),
                "--verify");
        assertTrue(first.contains("verified: the rollups equal a fresh aggregation"), first);
        Matcher built = REPORT_LINE.matcher(first);
        assertTrue(built.find(), first);
        assertEquals(2 * 106 * 30, Long.parseLong(built.group(1)), "2 agents x 106 measure scopes x 30 days");
        assertTrue(Files.isRegularFile(keep.resolve("report").resolve("report.json")));

        String again = run(0, "bench", "report", "--keep", keep.toString(), "--reuse");
        assertTrue(again.contains("re-using ") && !again.contains("building "), again);
        Matcher reused = REPORT_LINE.matcher(again);
        assertTrue(reused.find(), again);
        assertEquals(built.group(1), reused.group(1));
        assertEquals(built.group(2), reused.group(2));
    }

    @Test
    void aPostgresDatabaseIsBuiltVerifiedReportedAndReusedAndRefusedWhenItHoldsData() throws Exception {
        io.pmr.testkit.PostgresCluster cluster = io.pmr.testkit.PostgresCluster.shared();
        String db = "postgresql://" + cluster.user() + "@127.0.0.1:" + cluster.port() + "/" + cluster.createDatabase();
        Path password = Files.writeString(dir.resolve("pg.pw"), cluster.password() + "\n");
        String first = run(0, "bench", "report", "--agents", "2", "--minutes-per-day", "1", "--db", db,
                "--db-password-file", password.toString(), "--verify");
        assertTrue(first.contains("verified: the rollups equal a fresh aggregation"), first);
        Matcher built = REPORT_LINE.matcher(first);
        assertTrue(built.find(), first);
        assertEquals(2 * 106 * 30, Long.parseLong(built.group(1)), "2 agents x 106 measure scopes x 30 days");

        String again = run(0, "bench", "report", "--db", db, "--db-password-file", password.toString(), "--reuse");
        Matcher reused = REPORT_LINE.matcher(again);
        assertTrue(again.contains("re-using ") && reused.find(), again);
        assertEquals(built.group(1), reused.group(1));
        assertEquals(built.group(2), reused.group(2));

        String refused = run(ExitCode.INPUT_REFUSED.code(), "bench", "report", "--agents", "1", "--db", db,
                "--db-password-file", password.toString());
        assertTrue(refused.contains("already holds envelopes"), refused);
    }

    @Test
    void aDbThatIsNotPostgresIsAUsageError() {
        String err = run(ExitCode.USAGE.code(), "bench", "report", "--db", "some.db");
        assertTrue(err.contains("--db takes a postgresql://"), err);
    }

    @Test
    void reuseWithoutKeepIsAUsageError() {
        String err = run(ExitCode.USAGE.code(), "bench", "report", "--reuse");
        assertTrue(err.contains("--reuse needs --keep"), err);
    }

    /** Runs the command expecting the exit code; returns its output, or its errors when it failed. */
    private static String run(int exitCode, String... args) {
        CliRun cli = new CliRun();
        assertEquals(exitCode, cli.run(args), String.join(" ", args) + ": " + cli.err());
        return exitCode == 0 ? cli.out() : cli.err();
    }
}

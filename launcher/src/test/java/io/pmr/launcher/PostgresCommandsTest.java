package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.testkit.PostgresCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's commands on a PostgreSQL store, through the command line: import, then report and rebuild-rollups
 * from the same database, the password from {@code --db-password-file} (a throw-away cluster's database).
 */
class PostgresCommandsTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void importReportAndRebuildRunOnAPostgresDatabase() throws IOException {
        PostgresCluster cluster = PostgresCluster.shared();
        String db = "postgresql://" + cluster.user() + "@127.0.0.1:" + cluster.port() + "/" + cluster.createDatabase();
        Path password = Files.writeString(dir.resolve("pg.pw"), cluster.password() + "\n");
        Path ratios = Files.writeString(dir.resolve("ratios.csv"), """
                measure,period,numerator,denominator
                DSP/PM11,2020-09,990,1000
                """);

        assertEquals(0, cli.run("collector", "import", "ratios", ratios.toString(), "--db", db, "--db-password-file",
                password.toString()), cli::err);
        assertEquals("stored 1 rows (1 new, 0 corrected, 0 unchanged) from " + ratios + " as import #1",
                cli.out().strip());

        assertEquals(0, cli.run("collector", "report", "--db", db, "--db-password-file", password.toString(), "--period",
                "2020-09", "--format", "json", "--reason", "test"), cli::err);
        String json = cli.out();
        assertTrue(json.contains("\"DSP/PM11\""), json);
        assertTrue(json.matches("(?s).*\"id\": \"DSP/PM11\".*?\"numerator\": 990,\\s*\"denominator\": 1000,.*"),
                "the imported ratio is the figure");

        assertEquals(0, cli.run("collector", "rebuild-rollups", "--db", db, "--db-password-file", password.toString(),
                "--check"), cli::err);
        assertTrue(cli.out().contains("equal"), cli::out);
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheDatabaseButNotThePassword() throws IOException {
        PostgresCluster cluster = PostgresCluster.shared();
        String db = "postgresql://" + cluster.user() + "@127.0.0.1:" + cluster.port() + "/" + cluster.createDatabase();
        Path wrong = Files.writeString(dir.resolve("wrong.pw"), "not-the-password\n");

        assertEquals(ExitCode.INPUT_REFUSED.code(), cli.run("collector", "report", "--db", db, "--db-password-file",
                wrong.toString(), "--period", "2020-09"));
        assertTrue(cli.err().contains("127.0.0.1:" + cluster.port()), cli::err);
        assertFalse(cli.err().contains("not-the-password"), cli::err);
    }
}

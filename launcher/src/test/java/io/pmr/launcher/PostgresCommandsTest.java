package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.testkit.PostgresCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The collector's commands on a PostgreSQL store, through the command line: import, then report and rebuild-rollups
 * from the same database, the password from {@code --db-password-file} (a throw-away cluster's database).
 */
class PostgresCommandsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Pmr.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void importReportAndRebuildRunOnAPostgresDatabase() throws IOException {
        PostgresCluster cluster = PostgresCluster.shared();
        String db = "postgresql://" + cluster.user() + "@127.0.0.1:" + cluster.port() + "/" + cluster.createDatabase();
        Path password = Files.writeString(dir.resolve("pg.pw"), cluster.password() + "\n");
        Path ratios = Files.writeString(dir.resolve("ratios.csv"), """
                measure,period,numerator,denominator
                DSP/PM11,2020-09,990,1000
                """);

        assertEquals(0, run("collector", "import", "ratios", ratios.toString(), "--db", db, "--db-password-file",
                password.toString()), err::toString);
        assertEquals("stored 1 rows (1 new, 0 corrected, 0 unchanged) from " + ratios + " as import #1",
                out.toString().strip());

        assertEquals(0, run("collector", "report", "--db", db, "--db-password-file", password.toString(), "--period",
                "2020-09", "--format", "json", "--reason", "test"), err::toString);
        String json = out.toString();
        assertTrue(json.contains("\"DSP/PM11\""), json);
        assertTrue(json.matches("(?s).*\"id\": \"DSP/PM11\".*?\"numerator\": 990,\\s*\"denominator\": 1000,.*"),
                "the imported ratio is the figure");

        assertEquals(0, run("collector", "rebuild-rollups", "--db", db, "--db-password-file", password.toString(),
                "--check"), err::toString);
        assertTrue(out.toString().contains("equal"), out::toString);
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheDatabaseButNotThePassword() throws IOException {
        PostgresCluster cluster = PostgresCluster.shared();
        String db = "postgresql://" + cluster.user() + "@127.0.0.1:" + cluster.port() + "/" + cluster.createDatabase();
        Path wrong = Files.writeString(dir.resolve("wrong.pw"), "not-the-password\n");

        assertEquals(ExitCode.INPUT_REFUSED.code(), run("collector", "report", "--db", db, "--db-password-file",
                wrong.toString(), "--period", "2020-09"));
        assertTrue(err.toString().contains("127.0.0.1:" + cluster.port()), err::toString);
        assertFalse(err.toString().contains("not-the-password"), err::toString);
    }
}

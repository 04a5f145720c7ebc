package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pmr collector compact}: {@code --check} lists the index an older schema left and changes nothing; the run
 * drops it; a second run has nothing to drop; a collector holding the file's lock makes it refuse (exit 8, naming the
 * holder) and change nothing; a missing file is refused (exit 7).
 */
class CollectorCompactCommandTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void listsDropsAndThenHasNothingToDrop() throws Exception {
        Path db = upgradedFile();
        assertEquals(0, cli.run("collector", "compact", "--check", "--db", db.toString()), cli.err());
        assertTrue(cli.out().contains("would drop: index interval_report_start (created by schema 11 or earlier;"
                + " no query of schema 12 reads it)"), cli.out());
        assertTrue(hasStartIndex(db), "--check changes nothing");

        assertEquals(0, cli.run("collector", "compact", "--db", db.toString()), cli.err());
        assertTrue(cli.out().contains("dropped: index interval_report_start"), cli.out());
        assertTrue(!hasStartIndex(db));

        assertEquals(0, cli.run("collector", "compact", "--db", db.toString()), cli.err());
        assertTrue(cli.out().contains("nothing to drop: " + db), cli.out());
    }

    @Test
    void aRunningCollectorsLockMakesItRefuseAndChangeNothing() throws Exception {
        Path db = upgradedFile();
        try (StoreLock collector = StoreLock.acquire(db, Instant.parse("2020-09-10T00:00:00Z"))) {
            assertEquals(ExitCode.STORE_REFUSED.code(), cli.run("collector", "compact", "--db", db.toString()));
            assertTrue(cli.err().contains("is in use by another collector"), cli.err());
            assertTrue(cli.err().contains("started 2020-09-10T00:00:00Z"), cli.err());
        }
        assertTrue(hasStartIndex(db), "nothing changed");
    }

    @Test
    void aMissingDatabaseIsRefused() {
        assertEquals(ExitCode.INPUT_REFUSED.code(), cli.run("collector", "compact", "--db",
                dir.resolve("none.db").toString()));
        assertTrue(cli.err().contains("no database at"), cli.err());
    }

    /** A store of this build with schema 11's index added, as a file upgraded from 11 keeps it. */
    private Path upgradedFile() throws Exception {
        Path db = dir.resolve("pmr.db");
        SqliteStore.open(db).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX interval_report_start"
                    + " ON interval_report (interval_start_epoch_millis, measure_id)");
        }
        return db;
    }

    private static boolean hasStartIndex(Path db) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'"
                        + " AND name = 'interval_report_start'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }
}

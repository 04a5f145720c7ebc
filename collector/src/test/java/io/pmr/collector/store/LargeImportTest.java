package io.pmr.collector.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportParser;
import io.pmr.collector.imports.ImportRecord;
import io.pmr.testkit.IncidentsFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million-row incidents file (about 70 MB) imported by a JVM of its own with a 256 MB heap: it streams, so it
 * succeeds and stores every row. Before that, the same import is killed (SIGKILL) mid-file: the database keeps what
 * it had, nothing of the file, and the import then succeeds from scratch. The children are {@link ImportChild}, on
 * this test's classpath.
 */
class LargeImportTest {
    private static final int ROWS = 1_000_000;
    private static final String HEAP = "-Xmx256m";

    @TempDir
    Path dir;

    @Test
    void aMillionRowsFitInA256MegabyteHeapAndAKilledImportLeavesTheDatabaseAsItWas() throws Exception {
        Path db = dir.resolve("pmr.db");
        Path big = IncidentsFile.write(dir.resolve("incidents.csv"), ROWS, 20_201_001L);
        try (SqliteStore store = SqliteStore.open(db)) {
            store.storeImport(new ImportParser(Catalogue.shipped()).parse(ImportKind.INCIDENTS, "before.csv",
                    ("incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason\n"
                            + "BEFORE1,1,2020-09-01T10:00:00Z,2020-09-01T11:00:00Z,,\n").getBytes(StandardCharsets.UTF_8)),
                    1_000);
        }

        Child killed = Child.start(big, db);
        await().atMost(Duration.ofMinutes(3)).until(() -> killed.said("rows read") || !killed.process.isAlive());
        assertTrue(killed.process.isAlive(), "the import ended before it could be killed:\n" + killed.output());
        killed.process.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback, no close
        assertTrue(killed.process.waitFor(1, TimeUnit.MINUTES));
        assertEquals(List.of(1L, 0L), counts(db), "the killed import left rows or a run:\n" + killed.output());

        Child whole = Child.start(big, db);
        assertTrue(whole.process.waitFor(10, TimeUnit.MINUTES), "import did not finish");
        assertEquals(0, whole.process.exitValue(), whole.output());
        assertTrue(whole.said("stored " + ROWS + " rows (" + ROWS + " new, 0 corrected, 0 unchanged)"),
                whole.output());
        assertEquals(List.of(2L, (long) ROWS), counts(db));
        try (SqliteStore store = SqliteStore.open(db)) {
            ImportRecord run = store.imports().get(1);
            assertEquals(ROWS, run.rows());
            assertEquals(ROWS, run.changedRows());
        }
    }

    /** Import runs, and rows of the big file (those not from the first, one-row import). */
    private static List<Long> counts(Path db) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement()) {
            return List.of(count(statement, "SELECT count(*) FROM import_run"),
                    count(statement, "SELECT count(*) FROM import_row WHERE natural_key <> '\"BEFORE1\"'"));
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** An {@link ImportChild} JVM, its output (stdout and stderr) collected line by line. */
    private record Child(Process process, List<String> lines) {
        static Child start(Path file, Path db) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), HEAP, "-cp", System.getProperty("java.class.path"),
                    ImportChild.class.getName(), "incidents", file.toString(), db.toString())
                    .redirectErrorStream(true).start();
            Child child = new Child(process, new CopyOnWriteArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        child.lines.add(line);
                    }
                } catch (IOException e) {
                    child.lines.add("(output unreadable: " + e + ")");
                }
            }, "import-child-output");
            reader.setDaemon(true);
            reader.start();
            return child;
        }

        boolean said(String text) {
            return lines.stream().anyMatch(line -> line.contains(text));
        }

        String output() {
            return String.join("\n", lines);
        }
    }
}

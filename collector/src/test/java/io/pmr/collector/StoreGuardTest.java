package io.pmr.collector;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreException;
import io.pmr.collector.store.StoreLock;
import io.pmr.proto.v1.Envelope;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database file as the collector finds it: a second collector on the same file refuses, naming the holder; a
 * damaged, emptied or foreign file is refused at start, naming the file, never opened as a new empty store.
 */
@Timeout(120)
class StoreGuardTest {
    @TempDir
    Path dir;

    private CollectorSettings settings(Path db) {
        return CollectorSettings.builder().databasePath(db).build();
    }

    @Test
    void aSecondCollectorOnTheSameFileRefusesNamingTheHolderAndTheFirstKeepsIngesting() throws Exception {
        Path db = dir.resolve("pmr.db");
        try (Collector first = Collector.start(settings(db))) {
            StoreException refused = assertThrows(StoreException.class, () -> Collector.start(settings(db)));
            assertTrue(refused.getMessage().contains("in use by another collector"), refused.getMessage());
            assertTrue(refused.getMessage().contains("pid " + ProcessHandle.current().pid()), refused.getMessage());
            assertTrue(refused.getMessage().contains(db.toString()), refused.getMessage());

            Envelope envelope = intervals("agent-1", 1, 1,
                    interval("CSPN/PM4.3", millis("2020-09-01T00:00:00Z"), 25_000, 10, 9));
            try (TestAgent agent = new TestAgent(first.brokerUrl(), keys -> true)) {
                agent.publish(envelope);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> agent.acked().contains(new EnvelopeKey("agent-1", 1, 1)));
            }
            assertEquals(1, first.counters().stored());
        }
        // released at close: the next collector starts on the same file and finds what the first stored
        try (Collector second = Collector.start(settings(db))) {
            assertEquals(10L, second.report(java.time.YearMonth.of(2020, 9)).measures().stream()
                    .filter(f -> f.id().equals("CSPN/PM4.3")).findFirst().orElseThrow().denominator());
        }
    }

    @Test
    void theLockFileNamesTheHolder() throws Exception {
        Path db = dir.resolve("pmr.db");
        try (StoreLock lock = StoreLock.acquire(db, java.time.Instant.parse("2020-09-01T00:00:00Z"))) {
            String text = Files.readString(StoreLock.lockFileOf(db));
            assertTrue(text.startsWith("pid " + ProcessHandle.current().pid() + " on host "), text);
            assertTrue(text.contains("started 2020-09-01T00:00:00Z"), text);
        }
    }

    @Test
    void anEmptiedFileIsRefusedNotOpenedAsANewStore() throws Exception {
        Path db = dir.resolve("pmr.db");
        Files.write(db, new byte[0]);
        StoreException refused = assertThrows(StoreException.class, () -> Collector.start(settings(db)));
        assertTrue(refused.getMessage().contains(db + " is an empty file"), refused.getMessage());
        assertEquals(0, Files.size(db), "nothing written into the refused file");
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedNamingIt() throws Exception {
        Path db = dir.resolve("pmr.db");
        byte[] junk = new byte[8192];
        new Random(7).nextBytes(junk);
        Files.write(db, junk);
        StoreException refused = assertThrows(StoreException.class, () -> Collector.start(settings(db)));
        assertTrue(refused.getMessage().contains(db.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("not a database"), refused.getMessage());
    }

    @Test
    void anotherApplicationsSqliteFileIsRefused() throws Exception {
        Path db = dir.resolve("pmr.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        }
        StoreException refused = assertThrows(StoreException.class, () -> SqliteStore.open(db));
        assertTrue(refused.getMessage().contains("SQLite file of something else"), refused.getMessage());
    }

    @Test
    void aStoreOfANewerSchemaIsRefusedNamingBothVersionsAndLeftAsItWas() throws Exception {
        // a newer pmr's store opened by an older one: it used to be opened, altered by this build's DDL and written to
        Path db = dir.resolve("pmr.db");
        SqliteStore.open(db).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE schema_version SET version = 99");
        }
        StoreException refused = assertThrows(StoreException.class, () -> SqliteStore.open(db));
        assertEquals("database " + db + " is at schema version 99, newer than this pmr's "
                + "12: open it with the pmr that wrote it or a newer one", refused.getMessage());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement();
                java.sql.ResultSet rs = statement.executeQuery("SELECT version FROM schema_version")) {
            assertTrue(rs.next());
            assertEquals(99, rs.getInt(1), "the version stays");
            assertFalse(rs.next());
        }
    }

    @Test
    void damagedPagesAreFoundAtStartNamingTheFile() throws Exception {
        Path db = dir.resolve("pmr.db");
        try (Collector collector = Collector.start(settings(db));
                TestAgent agent = new TestAgent(collector.brokerUrl(), keys -> true)) {
            long start = millis("2020-09-01T00:00:00Z");
            for (int i = 1; i <= 40; i++) {
                Envelope envelope = intervals("agent-1", 1, i,
                        interval("CSPN/PM4.3", start + i * 60_000L, 25_000, 10, 9));
                agent.publish(envelope);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> collector.counters().stored() == 40);
        }
        long pages = Files.size(db) / 4096;
        assertTrue(pages >= 4, "the store spans several pages: " + pages);
        // overwrite a page in the middle (not the header), as a failing disk or a careless copy would
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] garbage = new byte[4096];
            Arrays.fill(garbage, (byte) 0x5A);
            file.seek(4096L * (pages / 2));
            file.write(garbage);
        }
        StoreException refused = assertThrows(StoreException.class, () -> Collector.start(settings(db)));
        assertTrue(refused.getMessage().contains("database " + db), refused.getMessage());
        assertTrue(refused.getMessage().contains("damaged") || refused.getMessage().contains("malformed"),
                refused.getMessage());
        // the refusal released the lock: nothing holds the file
        try (StoreLock lock = StoreLock.acquire(db, java.time.Instant.EPOCH)) {
            assertTrue(Files.exists(StoreLock.lockFileOf(db)));
        }
    }
}

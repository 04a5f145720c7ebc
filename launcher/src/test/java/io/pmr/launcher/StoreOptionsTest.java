package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --db} on the collector's commands: a path stays SQLite, a postgresql:// URL names a shared database. */
class StoreOptionsTest {
    @TempDir
    Path dir;

    private static CollectorReportCommand parsed(Map<String, String> env, String... args) {
        CollectorReportCommand command = new CollectorReportCommand();
        new CommandLine(command).parseArgs(args);
        command.database.env = env;
        return command;
    }

    @Test
    void aPathIsASqliteFileAndTheDefaultIsPmrDb() {
        assertEquals(new StoreLocation.SqliteFile(Path.of("pmr.db")),
                parsed(Map.of(), "--period", "2020-09").database.location());
        assertEquals(new StoreLocation.SqliteFile(Path.of("/var/lib/pmr/x.db")),
                parsed(Map.of(), "--period", "2020-09", "--db", "/var/lib/pmr/x.db").database.location());
    }

    @Test
    void aPostgresUrlTakesItsPasswordFromTheFileOrPgPasswordNeverTheCommandLine() throws Exception {
        Path password = dir.resolve("pg.pw");
        Files.writeString(password, "s3cret\nignored second line\n");
        StoreLocation fromFile = parsed(Map.of("PGUSER", "ops", "PGPASSWORD", "from-env"), "--period", "2020-09",
                "--db", "postgresql://db.example:6432/pmr?sslmode=verify-full", "--db-password-file",
                password.toString()).database.location();
        assertEquals(new StoreLocation.Postgres("db.example", 6432, "pmr", "sslmode=verify-full", "ops", "s3cret"),
                fromFile);
        assertEquals("jdbc:postgresql://db.example:6432/pmr?sslmode=verify-full",
                ((StoreLocation.Postgres) fromFile).jdbcUrl());
        assertFalse(fromFile.toString().contains("s3cret"), fromFile::toString);
        assertFalse(fromFile.display().contains("s3cret"));

        StoreLocation fromEnv = parsed(Map.of("PGPASSWORD", "from-env"), "--period", "2020-09", "--db",
                "postgresql://collector@10.0.0.5/pmr").database.location();
        assertEquals(new StoreLocation.Postgres("10.0.0.5", 5432, "pmr", "", "collector", "from-env"), fromEnv);
        assertNull(parsed(Map.of(), "--period", "2020-09", "--db", "postgresql://h/pmr").database.file());
    }

    @Test
    void unusableLocationsAreUsageErrorsNamingWhatIsWrong() throws Exception {
        CommandLine.ParameterException withPassword = assertThrows(CommandLine.ParameterException.class,
                () -> parsed(Map.of(), "--period", "2020-09", "--db", "postgresql://u:hunter2@h/pmr").database
                        .location());
        assertTrue(withPassword.getMessage().contains("carries a password"), withPassword.getMessage());
        assertFalse(withPassword.getMessage().contains("hunter2"), withPassword.getMessage());

        assertTrue(assertThrows(CommandLine.ParameterException.class, () -> parsed(Map.of(), "--period", "2020-09",
                "--db", "postgresql://h:5432/").database.location()).getMessage().contains("names no database"));
        assertTrue(assertThrows(CommandLine.ParameterException.class, () -> parsed(Map.of(), "--period", "2020-09",
                "--db", "postgresql:///pmr").database.location()).getMessage().contains("names no host"));

        Path empty = dir.resolve("empty.pw");
        Files.writeString(empty, "");
        assertTrue(assertThrows(CommandLine.ParameterException.class, () -> parsed(Map.of(), "--period", "2020-09",
                "--db", "postgresql://h/pmr", "--db-password-file", empty.toString()).database.location())
                .getMessage().contains("--db-password-file " + empty + " is empty"));
        assertTrue(assertThrows(CommandLine.ParameterException.class, () -> parsed(Map.of(), "--period", "2020-09",
                "--db", "x.db", "--db-password-file", empty.toString()).database.location())
                .getMessage().contains("is a SQLite file"));
    }
}

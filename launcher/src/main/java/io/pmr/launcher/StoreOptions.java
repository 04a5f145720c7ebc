package io.pmr.launcher;

import io.pmr.collector.store.StoreLocation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The store flags of every collector command that opens one: {@code --db} (a SQLite file, the default, or
 * {@code postgresql://HOST[:PORT]/DB}) and {@code --db-password-file}. PostgreSQL credentials never come from the
 * command line: the user from the URL or {@code PGUSER}, the password from the file or {@code PGPASSWORD}
 * (docs/operations.md).
 */
final class StoreOptions {
    @Option(names = "--db", defaultValue = "pmr.db", paramLabel = "FILE|URL",
            description = "The store: a SQLite database file, or postgresql://HOST[:PORT]/DB for a shared PostgreSQL"
                    + " database (default ${DEFAULT-VALUE}).")
    String db;

    @Option(names = "--db-password-file", paramLabel = "FILE",
            description = "With a postgresql:// --db: file whose first line is the password (else PGPASSWORD).")
    Path passwordFile;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The process environment; a test may replace it. */
    Map<String, String> env = System.getenv();

    /**
     * The store named.
     *
     * @throws ParameterException (a usage error naming the flag) when --db or its password file is unusable
     */
    StoreLocation location() {
        try {
            return StoreLocation.parse(db, passwordFile, env);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    /**
     * True, after saying so on {@code err} ("no database at FILE"), when --db names a SQLite file that does not exist:
     * the commands that read or maintain a store then refuse (exit {@link ExitCode#INPUT_REFUSED}) rather than let
     * SQLite create an empty one.
     */
    boolean refusedAsMissing(PrintWriter err) {
        Path file = file();
        if (file == null || Files.isRegularFile(file)) {
            return false;
        }
        err.println("no database at " + file.toAbsolutePath());
        err.flush();
        return true;
    }

    /** The SQLite file, or null when --db names a PostgreSQL database. */
    Path file() {
        return StoreLocation.isPostgres(db) ? null : Path.of(db);
    }

    /** --db as given, for messages (a URL holds no password: {@link StoreLocation#parse} refuses one). */
    @Override
    public String toString() {
        return db;
    }
}

package io.pmr.collector.store;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a store lives, from the commands' {@code --db}: a path is a SQLite file (the default); {@code
 * postgresql://HOST[:PORT]/DATABASE[?JDBC-PARAMETERS]} is a PostgreSQL database, the shared store of several
 * collectors. Immutable.
 */
public sealed interface StoreLocation {

    /** How the location is named in logs and errors: never a password. */
    String display();

    /** A SQLite database file. */
    record SqliteFile(Path file) implements StoreLocation {
        public SqliteFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String display() {
            return file.toString();
        }
    }

    /**
     * A PostgreSQL database.
     *
     * @param query    JDBC parameters after {@code ?} (e.g. {@code sslmode=verify-full}), passed on as they are; empty
     *                 for none
     * @param password null: none given (the driver may still find one in {@code PGPASSFILE} or {@code ~/.pgpass})
     */
    record Postgres(String host, int port, String database, String query, String user, String password)
            implements StoreLocation {
        public Postgres {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(user, "user");
        }

        /** The JDBC URL, without credentials (they travel as connection properties). */
        public String jdbcUrl() {
            return String.format(Locale.ROOT, "jdbc:postgresql://%s:%d/%s%s", host.contains(":") ? "[" + host + "]"
                    : host, port, database, query.isEmpty() ? "" : "?" + query);
        }

        @Override
        public String display() {
            return String.format(Locale.ROOT, "postgresql://%s@%s:%d/%s", user, host.contains(":") ? "[" + host + "]"
                    : host, port, database);
        }

        @Override
        public String toString() {
            return "Postgres[" + display() + (password == null ? ", no password" : ", password given") + "]";
        }
    }

    /** The default port of a {@code postgresql://} location without one. */
    int DEFAULT_POSTGRES_PORT = 5432;

    /** True when {@code --db} names a PostgreSQL database rather than a file. */
    static boolean isPostgres(String db) {
        String lower = db.toLowerCase(Locale.ROOT);
        return lower.startsWith("postgresql://") || lower.startsWith("postgres://");
    }

    /**
     * Parses {@code --db}. For PostgreSQL the user is the URL's ({@code postgresql://USER@HOST/DB}), else
     * {@code PGUSER}, else the operating system's user; the password is the first line of {@code passwordFile} when
     * given, else {@code PGPASSWORD}. A password inside the URL is refused: a command line is visible to every user
     * of the machine ({@code ps}).
     *
     * @param passwordFile null when no {@code --db-password-file} was given
     * @param env          the process environment ({@code PGUSER}, {@code PGPASSWORD})
     * @throws IllegalArgumentException naming {@code --db} or the password file and what is wrong with it
     */
    static StoreLocation parse(String db, Path passwordFile, Map<String, String> env) {
        Objects.requireNonNull(db, "db");
        if (!isPostgres(db)) {
            if (passwordFile != null) {
                throw new IllegalArgumentException("--db-password-file is for a postgresql:// --db, and --db " + db
                        + " is a SQLite file");
            }
            if (db.isBlank()) {
                throw new IllegalArgumentException("--db is empty: give a SQLite file or postgresql://HOST:PORT/DB");
            }
            return new SqliteFile(Path.of(db));
        }
        URI uri;
        try {
            uri = new URI(db);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--db " + redact(db) + " is not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("--db " + redact(db) + " names no host: postgresql://HOST:PORT/DB");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("--db " + redact(db) + " names no database (or more than a name):"
                    + " postgresql://HOST:PORT/DB");
        }
        String userInfo = uri.getUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            throw new IllegalArgumentException("--db " + redact(db) + " carries a password: give it in"
                    + " --db-password-file or PGPASSWORD instead (a command line is visible to every user)");
        }
        String user = userInfo != null && !userInfo.isEmpty() ? userInfo
                : env.getOrDefault("PGUSER", System.getProperty("user.name"));
        int port = uri.getPort() < 0 ? DEFAULT_POSTGRES_PORT : uri.getPort();
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return new Postgres(host, port, database, uri.getRawQuery() == null ? "" : uri.getRawQuery(), user,
                password(passwordFile, env));
    }

    private static String password(Path passwordFile, Map<String, String> env) {
        if (passwordFile == null) {
            return env.get("PGPASSWORD");
        }
        try {
            String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
            String first = text.lines().findFirst().orElse("");
            if (first.isEmpty()) {
                throw new IllegalArgumentException("--db-password-file " + passwordFile + " is empty: the password is"
                        + " its first line");
            }
            return first;
        } catch (IOException e) {
            throw new IllegalArgumentException("--db-password-file " + passwordFile + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** The URL with any user information cut, for an error message. */
    private static String redact(String db) {
        return db.replaceFirst("//[^@/]*@", "//***@");
    }
}

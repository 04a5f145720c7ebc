package io.pmr.collector.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Mosquitto password file: one {@code username:$7$...} line per identity (blank lines and {@code #} comments
 * ignored), as {@code mosquitto_passwd} writes it, so that the same file serves the embedded broker and Mosquitto.
 * Immutable once loaded; thread-safe.
 */
public final class CredentialsFile {
    private final Path source;
    private final Map<String, PasswordHash> hashes;

    private CredentialsFile(Path source, Map<String, PasswordHash> hashes) {
        this.source = source;
        this.hashes = Collections.unmodifiableMap(hashes);
    }

    /**
     * Loads a file. A malformed line fails the load with its line number and what is wrong (never the line's text:
     * it holds a hash). A username listed twice fails too: which line wins would be a guess.
     */
    public static CredentialsFile load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("credentialsFile: cannot read " + file, e);
        }
        Map<String, PasswordHash> hashes = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String where = file + " line " + (i + 1);
            if (colon <= 0) {
                throw new IllegalArgumentException(where + ": expected username:$7$..., found no username");
            }
            String user = line.substring(0, colon);
            PasswordHash hash;
            try {
                hash = PasswordHash.parse(line.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " (user '" + user + "'): " + e.getMessage());
            }
            if (hashes.put(user, hash) != null) {
                throw new IllegalArgumentException(where + ": user '" + user + "' is listed twice");
            }
        }
        return new CredentialsFile(file, hashes);
    }

    /** True when {@code username} is listed and {@code password} (UTF-8 bytes) matches its hash. */
    public boolean verify(String username, byte[] password) {
        PasswordHash hash = hashes.get(username);
        return hash != null && password != null && password.length > 0 && hash.matches(password);
    }

    public boolean contains(String username) {
        return hashes.containsKey(username);
    }

    public int size() {
        return hashes.size();
    }

    public Path source() {
        return source;
    }

    /**
     * Adds {@code username} to {@code file} (created when missing) or replaces its hash, keeping every other line;
     * the file is replaced atomically (write a sibling, then rename).
     *
     * @return true when the user was added, false when an existing entry was replaced
     */
    public static boolean put(Path file, String username, char[] password, SecureRandom random) throws IOException {
        if (username == null || username.isEmpty() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("username must be non-empty and without ':'");
        }
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        String entry = username + ":" + PasswordHash.create(password, random).format();
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(username + ":")) {
                    if (!replaced) {
                        out.add(entry);
                    }
                    replaced = true;
                } else {
                    out.add(line);
                }
            }
        }
        if (!replaced) {
            out.add(entry);
        }
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(temp, out, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return !replaced;
    }

    @Override
    public String toString() {
        return "CredentialsFile[" + source + ", " + hashes.size() + " users]";
    }
}

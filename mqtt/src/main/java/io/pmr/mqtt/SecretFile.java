package io.pmr.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a secret (a password) from a file: its first line, without the line end. Secrets are read from files so that
 * they never appear on a command line or in a process listing; errors name the file, never its content.
 */
public final class SecretFile {
    private SecretFile() {
    }

    /**
     * @param field names the setting in the error message, e.g. {@code keyStorePasswordFile}
     * @throws IllegalArgumentException when the file is missing, unreadable or its first line is empty
     */
    public static char[] read(Path file, String field) {
        if (file == null) {
            throw new IllegalArgumentException(field + " must be set");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(field + ": cannot read " + file, e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        java.util.Arrays.fill(bytes, (byte) 0);
        int end = 0;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException(field + ": the first line of " + file + " is empty");
        }
        return text.substring(0, end).toCharArray();
    }

    /** Requires a readable regular file; the message names the field and the path. */
    public static void requireReadable(Path file, String field) {
        if (file == null) {
            throw new IllegalArgumentException(field + " must be set");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(field + " is not a readable file: " + file);
        }
    }
}

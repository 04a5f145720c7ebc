package io.pmr.collector.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Mosquitto 2's {@code $7$} password hash, PBKDF2-HMAC-SHA512: {@code $7$<iterations>$<base64 salt>$<base64 hash>},
 * as written by {@code mosquitto_passwd}. One credentials file then serves the embedded broker and Mosquitto alike.
 * Thread-safe (immutable).
 *
 * @param iterations PBKDF2 iterations (mosquitto_passwd writes 101)
 * @param salt       the salt bytes (12 from mosquitto_passwd)
 * @param hash       the 64-byte derived key
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    /** Iterations of hashes this class writes: far above mosquitto_passwd's 101, and Mosquitto accepts any count. */
    public static final int DEFAULT_ITERATIONS = 210_000;
    /** Mosquitto accepts 12 or 64 salt bytes only; 12 as mosquitto_passwd writes. */
    private static final int SALT_BYTES = 12;
    private static final int HASH_BYTES = 64;
    private static final int MAX_ITERATIONS = 10_000_000;

    public PasswordHash {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS + ", was " + iterations);
        }
        if (salt == null || salt.length == 0) {
            throw new IllegalArgumentException("salt must not be empty");
        }
        if (hash == null || hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("hash must be " + HASH_BYTES + " bytes");
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /** Parses {@code $7$iterations$salt$hash}; the message says what is wrong, never the text itself. */
    public static PasswordHash parse(String text) {
        String[] parts = text.split("\\$", -1);
        if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals("7")) {
            throw new IllegalArgumentException("not a $7$ (PBKDF2-SHA512) hash");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations are not a number");
        }
        try {
            Base64.Decoder decoder = Base64.getDecoder();
            return new PasswordHash(iterations, decoder.decode(parts[3]), decoder.decode(parts[4]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad salt or hash: " + e.getMessage());
        }
    }

    /** A new hash of {@code password} with a fresh random salt. */
    public static PasswordHash create(char[] password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(DEFAULT_ITERATIONS, salt, derive(password, salt, DEFAULT_ITERATIONS));
    }

    /** True when {@code password} hashes to this (constant-time comparison). */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /** True when the UTF-8 {@code password} bytes (as MQTT carries them) hash to this. */
    public boolean matches(byte[] password) {
        java.nio.CharBuffer decoded = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(password));
        char[] exact = new char[decoded.remaining()];
        decoded.get(exact);
        try {
            return matches(exact);
        } finally {
            java.util.Arrays.fill(exact, '\0');
            if (decoded.hasArray()) {
                java.util.Arrays.fill(decoded.array(), '\0');
            }
        }
    }

    /** The {@code $7$} text. */
    public String format() {
        Base64.Encoder encoder = Base64.getEncoder();
        return String.format(Locale.ROOT, "$7$%d$%s$%s", iterations, encoder.encodeToString(salt),
                encoder.encodeToString(hash));
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public String toString() {
        return "PasswordHash[$7$, iterations=" + iterations + ", hash redacted]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash h && h.iterations == iterations
                && MessageDigest.isEqual(h.salt, salt) && MessageDigest.isEqual(h.hash, hash);
    }

    @Override
    public int hashCode() {
        return iterations;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        // Mosquitto derives from the password's UTF-8 bytes; PBEKeySpec hands the JDK's PBKDF2 the chars, which its
        // HMAC encodes as UTF-8, so both agree for any password.
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }
}

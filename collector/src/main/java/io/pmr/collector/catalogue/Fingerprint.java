package io.pmr.collector.catalogue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The catalogue's fingerprint: SHA-256 over one line per file, in the fixed order of {@link CatalogueLoader#FILES},
 * each line {@code <sha-256 hex of the file's bytes>  <file name>\n}. That is exactly what {@code sha256sum} prints,
 * so a reader recomputes it from a catalogue folder with
 * {@code sha256sum measures.csv incident-categories.csv service-credits.csv providers.csv | sha256sum}
 * (using the shipped file for any the folder lacks). Digesting each file first keeps file boundaries: moving a line
 * from the end of one file to the start of the next changes the fingerprint.
 */
final class Fingerprint {
    private Fingerprint() {
    }

    static String of(List<CatalogueFile> files) {
        StringBuilder listing = new StringBuilder();
        for (CatalogueFile file : files) {
            listing.append(hex(file.bytes())).append("  ").append(file.name()).append('\n');
        }
        return hex(listing.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}

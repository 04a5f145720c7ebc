package io.pmr.collector.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint identifies the catalogue's content: stable for equal bytes, different when any file changes. */
class CatalogueFingerprintTest {
    private static final List<String> FILES = List.of(Catalogue.MEASURES_FILE, Catalogue.INCIDENT_CATEGORIES_FILE,
            Catalogue.SERVICE_CREDITS_FILE, Catalogue.PROVIDERS_FILE);

    @TempDir
    Path dir;

    @Test
    void equalContentGivesEqualFingerprintWhereverItIsLoadedFrom() throws IOException {
        Path copy = copyOfShipped("copy");
        Path other = copyOfShipped("other");

        String shipped = Catalogue.shipped().fingerprint();
        assertEquals(shipped, Catalogue.load(copy).fingerprint());
        assertEquals(shipped, Catalogue.load(other).fingerprint());
        assertEquals(shipped, Catalogue.load(copy).fingerprint(), "loading twice");
        assertEquals(64, shipped.length());

        // A folder lacking the optional files takes the shipped ones, so it is the same catalogue.
        Path measuresOnly = Files.createDirectory(dir.resolve("measures-only"));
        Files.copy(copy.resolve(Catalogue.MEASURES_FILE), measuresOnly.resolve(Catalogue.MEASURES_FILE));
        assertEquals(shipped, Catalogue.load(measuresOnly).fingerprint());
        assertEquals(shipped, Catalogue.load(copy.resolve(Catalogue.MEASURES_FILE)).fingerprint());
    }

    @Test
    void fingerprintIsWhatSha256sumOfTheFilesPipedToSha256sumPrints() throws IOException {
        Path copy = copyOfShipped("copy");
        // sha256sum measures.csv incident-categories.csv service-credits.csv providers.csv | sha256sum
        StringBuilder listing = new StringBuilder();
        for (String name : FILES) {
            listing.append(sha256(Files.readAllBytes(copy.resolve(name)))).append("  ").append(name).append('\n');
        }
        assertEquals(sha256(listing.toString().getBytes(StandardCharsets.UTF_8)), Catalogue.load(copy).fingerprint());
    }

    @Test
    void changingAnyFileChangesTheFingerprint() throws IOException {
        String shipped = Catalogue.shipped().fingerprint();
        for (String name : FILES) {
            Path copy = copyOfShipped("edit-" + name);
            // A comment changes no figure, but the bytes differ: the report must still say it is another catalogue.
            Files.writeString(copy.resolve(name), Files.readString(copy.resolve(name)) + "# edited\n");
            assertNotEquals(shipped, Catalogue.load(copy).fingerprint(), name);
        }
        Path values = copyOfShipped("values");
        Path credits = values.resolve(Catalogue.SERVICE_CREDITS_FILE);
        Files.writeString(credits, Files.readString(credits).replace("CSPN/PM4.3,10,20", "CSPN/PM4.3,10,21"));
        assertNotEquals(shipped, Catalogue.load(values).fingerprint());
    }

    @Test
    void movingBytesAcrossAFileBoundaryChangesTheFingerprint() throws IOException {
        Path a = copyOfShipped("a");
        Path b = copyOfShipped("b");
        // The same concatenated bytes, split differently between the last two files.
        String credits = Files.readString(a.resolve(Catalogue.SERVICE_CREDITS_FILE));
        String providers = Files.readString(a.resolve(Catalogue.PROVIDERS_FILE));
        Files.writeString(a.resolve(Catalogue.SERVICE_CREDITS_FILE), credits + "# moved\n");
        Files.writeString(b.resolve(Catalogue.PROVIDERS_FILE), "# moved\n" + providers);
        assertNotEquals(Catalogue.load(a).fingerprint(), Catalogue.load(b).fingerprint());
    }

    @Test
    void parsedTextHasTheFingerprintOfTheSameFile() throws IOException {
        String measures = "A,P,G,N,within_trt,25s,monthly,85.00,80.00,\n";
        Path file = dir.resolve("m.csv");
        Files.writeString(file, measures);
        assertEquals(Catalogue.load(file).fingerprint(),
                Catalogue.parse("text", new StringReader(measures)).fingerprint());
    }

    private Path copyOfShipped(String name) throws IOException {
        Path folder = Files.createDirectory(dir.resolve(name.replace('.', '_')));
        for (String file : FILES) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("catalogue/" + file)) {
                Files.write(folder.resolve(file), in.readAllBytes());
            }
        }
        return folder;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

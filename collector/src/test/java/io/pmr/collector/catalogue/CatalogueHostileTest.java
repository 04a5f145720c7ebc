package io.pmr.collector.catalogue;

import io.pmr.testkit.HostileTally;
import io.pmr.testkit.Mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Hostile input for the catalogue ({@link CatalogueLoader} and its files): any corruption of the shipped measures or
 * service-credits file loads or is refused with a {@link CatalogueException} naming the file, never another exception;
 * a composite cycle, NULs and a BOM are handled.
 */
class CatalogueHostileTest {
    private static final HostileTally TALLY = HostileTally.of("CatalogueHostileTest");
    private static final HostileTally.Decoder LOADER = TALLY.decoder("CatalogueLoader");
    private static final byte[] MEASURES = shipped(Catalogue.MEASURES_FILE);

    @AfterContainer
    static void writeTally() {
        TALLY.write();
    }

    private static byte[] shipped(String name) {
        try (InputStream in = CatalogueHostileTest.class.getClassLoader()
                .getResourceAsStream(CatalogueLoader.SHIPPED_FOLDER + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Catalogue load(byte[] measures) {
        try {
            Catalogue catalogue = CatalogueLoader.measuresOnly("m.csv",
                    new CatalogueFile(Catalogue.MEASURES_FILE, "m.csv", measures, false));
            LOADER.accepted();
            return catalogue;
        } catch (CatalogueException e) {
            assertTrue(e.getMessage().startsWith("m.csv") || e.getMessage().startsWith("classpath:"), e.getMessage());
            LOADER.rejected(e.getMessage().replaceFirst("^m\\.csv:\\d+: ", ""));
            return null;
        } catch (Throwable t) {
            throw LOADER.crash(t);
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some();
    }

    @Property(tries = 1500, seed = "6060501")
    void aCorruptedMeasuresFileLoadsOrIsRefusedWithACatalogueException(@ForAll("mutations") List<Mutation> mutations) {
        Catalogue catalogue = load(Mutation.applyAll(MEASURES, mutations));
        if (catalogue != null) {
            assertFalse(catalogue.measures().isEmpty());
        }
    }

    @Example
    void theShippedMeasuresLoad() {
        assertEquals(Catalogue.shipped().fingerprint(), load(MEASURES).fingerprint());
    }

    @Example
    void aCompositeCycleIsRefusedNamingTheCycle() {
        String text = new String(MEASURES, StandardCharsets.UTF_8)
                .replaceFirst("(?m)^(CPM1,.*,composite,,monthly,99\\.00,96\\.00,)$", "$1CPM2")
                .replaceFirst("(?m)^(CPM2,.*,composite,,monthly,99\\.90,96\\.00,)$", "$1CPM1");
        assertTrue(text.contains(",CPM2\n") || text.contains(",CPM2\r\n"), "the test edits CPM1's contributes_to");
        CatalogueException e = assertThrows(CatalogueException.class, () -> CatalogueLoader.measuresOnly("m.csv",
                CatalogueLoader.measuresText("m.csv", text)));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
        assertTrue(e.getMessage().contains("CPM1") && e.getMessage().contains("CPM2"), e.getMessage());
        LOADER.rejected(e.getMessage().replaceFirst("^m\\.csv:\\d+: ", ""));
    }

    @Example
    void nulBytesInvalidUtf8AnEmptiedFileAndABomAreHandled() {
        String text = new String(MEASURES, StandardCharsets.UTF_8);
        assertEquals(Catalogue.shipped().measures().size(),
                load(("\uFEFF" + text).getBytes(StandardCharsets.UTF_8)).measures().size());

        CatalogueException nul = assertThrows(CatalogueException.class, () -> CatalogueLoader.measuresOnly("m.csv",
                CatalogueLoader.measuresText("m.csv", text.replace("\nCPM1,DCC,", "\nCPM\u00001,DCC,"))));
        assertTrue(nul.getMessage().matches("m\\.csv:\\d+: id: 'CPM\\?1' must not contain spaces, control characters.*"),
                nul.getMessage());
        LOADER.rejected(nul.getMessage().replaceFirst("^m\\.csv:\\d+: ", ""));

        byte[] invalid = MEASURES.clone();
        invalid[invalid.length / 2] = (byte) 0xc3;
        invalid[invalid.length / 2 + 1] = (byte) 'A';
        assertEquals(null, load(invalid));

        String commentsOnly = text.lines().filter(line -> line.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        CatalogueException empty = assertThrows(CatalogueException.class, () -> CatalogueLoader.measuresOnly("m.csv",
                CatalogueLoader.measuresText("m.csv", commentsOnly)));
        assertEquals("m.csv:1: file: holds no measures", empty.getMessage());
        LOADER.rejected(empty.getMessage().replaceFirst("^m\\.csv:\\d+: ", ""));
    }
}

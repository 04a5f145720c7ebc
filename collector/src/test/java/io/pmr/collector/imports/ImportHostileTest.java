package io.pmr.collector.imports;

import io.pmr.testkit.HostileTally;
import io.pmr.testkit.Mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Hostile input for CSV imports ({@link ImportParser}): a good file is stored whole, any corruption rejects the file with
 * an {@link ImportException} whose every problem names the file and a line of it (never another exception), and BOMs,
 * CRLF mixes, NUL bytes, invalid UTF-8 and a 10 MB line are handled.
 */
class ImportHostileTest {
    private static final HostileTally TALLY = HostileTally.of("ImportHostileTest");
    private static final HostileTally.Decoder IMPORTS = TALLY.decoder("ImportParser");
    private static final Catalogue CATALOGUE = Catalogue.shipped();
    private static final Pattern LOCATED = Pattern.compile("^f\\.csv:(\\d+): .+", Pattern.DOTALL);
    private static final String HEADER = "incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason";
    private final ImportParser parser = new ImportParser(CATALOGUE);

    @AfterContainer
    static void writeTally() {
        TALLY.write();
    }

    private static String incidents(int rows) {
        StringBuilder text = new StringBuilder("# service desk export\r\n" + HEADER + "\n");
        for (int i = 0; i < rows; i++) {
            text.append("INC").append(i).append(',').append(1 + i % 5).append(",2020-09-0").append(1 + i % 9)
                    .append("T10:00:00Z,2020-09-1").append(i % 9).append("T12:00:00Z,,\"note, ").append(i)
                    .append("\"").append(i % 2 == 0 ? "\r\n" : "\n");
        }
        return text.toString();
    }

    /** Parses, tallies and checks the contract: a batch, or an ImportException with located problems. */
    private ImportBatch parse(byte[] content) {
        int lines = 1;
        for (byte b : content) {
            lines += b == '\n' ? 1 : 0;
        }
        try {
            ImportBatch batch = parser.parse(ImportKind.INCIDENTS, "f.csv", content);
            IMPORTS.accepted();
            return batch;
        } catch (ImportException e) {
            assertFalse(e.problems().isEmpty());
            for (String problem : e.problems()) {
                Matcher located = LOCATED.matcher(problem);
                assertTrue(located.matches(), "problem does not name file:line: " + problem);
                int line = Integer.parseInt(located.group(1));
                assertTrue(line >= 1 && line <= lines, "line " + line + " outside the file's " + lines + ": " + problem);
            }
            IMPORTS.rejected(e.problems().get(0).replaceFirst("^f\\.csv:\\d+: ", ""));
            return null;
        } catch (Throwable t) {
            throw IMPORTS.crash(t);
        }
    }

    @Property(tries = 300, seed = "6060401")
    void aGoodFileIsStoredWhole(@ForAll @IntRange(min = 1, max = 30) int rows) {
        ImportBatch batch = parse(incidents(rows).getBytes(StandardCharsets.UTF_8));
        assertEquals(rows, batch.rows().size());
        assertEquals(rows, batch.data().incidents().size());
        assertEquals("note, " + (rows - 1), batch.data().incidents().get(rows - 1).exclusionReason());
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some();
    }

    @Property(tries = 2000, seed = "6060402")
    void aCorruptedFileIsRejectedWholeWithLocatedProblems(@ForAll @IntRange(min = 1, max = 30) int rows,
            @ForAll("mutations") List<Mutation> mutations) {
        byte[] good = incidents(rows).getBytes(StandardCharsets.UTF_8);
        ImportBatch batch = parse(Mutation.applyAll(good, mutations));
        if (batch != null) {
            assertTrue(batch.rows().size() <= rows + 1, "a mutation adds at most one row (a duplicated line end)");
        }
    }

    @Example
    void bomsCrlfMixesNulsInvalidUtf8AndATenMegabyteLine() {
        String good = incidents(3);
        assertEquals(3, parse(("\uFEFF" + good).getBytes(StandardCharsets.UTF_8)).rows().size());
        assertEquals(3, parse(good.replace("\n", "\r\n").replace("\r\r\n", "\r\n")
                .getBytes(StandardCharsets.UTF_8)).rows().size());

        // a second BOM is not a header: the file is refused at its header line
        assertEquals(List.of("f.csv:1: header: expected '" + HEADER + "[,provider[,impacted_at,restored_at]]' but"
                + " found '\uFEFF" + HEADER + "'"),
                problems(("\uFEFF\uFEFF" + HEADER + "\n").getBytes(StandardCharsets.UTF_8)));

        List<String> nul = problems((HEADER + "\nINC\u00001,1,2020-09-01T10:00:00Z,,,\nINC2,9\u0000,2020-09-01T10:00:00Z,,,\n")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(1, nul.size(), nul.toString());
        assertTrue(nul.get(0).startsWith("f.csv:3: category: "), nul.get(0));

        byte[] invalid = (HEADER + "\nINC1,1,2020-09-01T10:00:00Z,,,\n").getBytes(StandardCharsets.UTF_8);
        invalid[invalid.length - 5] = (byte) 0xff;
        // the bad byte is on line 2, and streaming names that line
        assertEquals(List.of("f.csv:2: file: not UTF-8 text"), problems(invalid));

        String longLine = "INC1,1,2020-09-01T10:00:00Z,,,\"" + "x".repeat(10 * 1024 * 1024) + "\"\n";
        ImportBatch batch = parse((HEADER + "\n" + longLine).getBytes(StandardCharsets.UTF_8));
        assertEquals(10 * 1024 * 1024, batch.data().incidents().get(0).exclusionReason().length());
        List<String> longBad = problems((HEADER + "\nINC1,1,2020-09-01T10:00:00Z,,," + "y".repeat(10 * 1024 * 1024)
                + ",\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(1, longBad.size());
        assertTrue(longBad.get(0).startsWith("f.csv:2: row: expected 6 columns, found 7"), longBad.get(0));

        List<String> unclosed = problems((HEADER + "\nINC1,1,\"2020-09-01T10:00:00Z,,,\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("f.csv:2: row: a quoted field is never closed"), unclosed);
    }

    private List<String> problems(byte[] content) {
        assertEquals(null, parse(content));
        return assertThrows(ImportException.class, () -> parser.parse(ImportKind.INCIDENTS, "f.csv", content)).problems();
    }
}

package io.pmr.hardware.tap;

import io.pmr.testkit.HostileTally;
import io.pmr.testkit.Mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Hostile input for the trace-log tap's line decoders ({@link CsvLineParser}, {@link JsonLineParser}, then
 * {@link TraceRecord#decode}): a valid line decodes to what was written, any corrupted line is DATA or BAD with a
 * problem (never a throw), and deep nesting, NULs, lone surrogates and a 10 MB line are handled.
 */
class TraceLineHostileTest {
    private static final HostileTally TALLY = HostileTally.of("TraceLineHostileTest");
    private static final HostileTally.Decoder CSV = TALLY.decoder("CsvLineParser+TraceRecord");
    private static final HostileTally.Decoder JSON = TALLY.decoder("JsonLineParser+TraceRecord");
    private static final String HEADER = "message_id,direction,kind,device,region,timestamp,success,variant";

    @AfterContainer
    static void writeTally() {
        TALLY.write();
    }

    /** One trace line's content, as a generator writes it. */
    record Line(String messageId, boolean start, EventKind kind, Region region, long epochMillis, boolean success,
            HubVariant variant) {
        String csv() {
            return quote(messageId) + "," + (start ? "start" : "end") + "," + kind.name() + ",hub-1,"
                    + region.name().toLowerCase(Locale.ROOT) + "," + epochMillis + "," + success + "," + variant;
        }

        String json() {
            return "{\"message_id\":\"" + messageId.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"direction\":\""
                    + (start ? "start" : "end") + "\",\"kind\":\"" + kind.name() + "\",\"device\":\"hub-1\",\"region\":\""
                    + region.name().toLowerCase(Locale.ROOT) + "\",\"timestamp\":" + epochMillis + ",\"success\":"
                    + success + ",\"variant\":\"" + variant + "\",\"extra\":{\"a\":[1,2,{\"b\":null}]}}";
        }

        private static String quote(String text) {
            return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
        }
    }

    @Provide
    Arbitrary<Line> lines() {
        Arbitrary<String> ids = Arbitraries.strings().withChars("abcXYZ019-_,\" ").ofMinLength(1).ofMaxLength(16)
                .filter(id -> !id.isBlank() && id.equals(id.strip()));
        return Combinators.combine(ids, Arbitraries.of(true, false), Arbitraries.of(EventKind.all()),
                Arbitraries.of(Region.values()), Arbitraries.longs().between(0, 4_102_444_800_000L),
                Arbitraries.of(true, false), Arbitraries.of(HubVariant.values())).as(Line::new);
    }

    private static String decode(LineParser parser, HostileTally.Decoder decoder, String line, TraceRecord record) {
        String[] values = new String[Column.COUNT];
        try {
            LineParser.Outcome outcome = parser.parse(line, values);
            String problem = switch (outcome) {
                case BAD -> parser.problem();
                case HEADER -> null;
                case DATA -> record.decode(values);
            };
            if (problem == null) {
                decoder.accepted();
            } else {
                assertFalse(problem.isBlank());
                decoder.rejected(problem);
            }
            return problem;
        } catch (Throwable t) {
            throw decoder.crash(t);
        }
    }

    private static CsvLineParser csvParser() {
        CsvLineParser parser = new CsvLineParser();
        assertEquals(LineParser.Outcome.HEADER, parser.parse(HEADER, new String[Column.COUNT]));
        return parser;
    }

    private static void assertDecoded(Line line, TraceRecord record) {
        assertEquals(line.messageId(), record.messageId);
        assertEquals(line.start(), record.start);
        assertEquals(line.kind(), record.kind);
        assertEquals(line.region(), record.region);
        assertEquals(line.epochMillis() * 1_000_000L, record.epochNanos);
        assertEquals(line.success(), record.success);
        assertEquals(line.variant(), record.variant);
    }

    @Property(tries = 1000, seed = "6060701")
    void aValidLineDecodesToWhatWasWritten(@ForAll("lines") Line line) {
        TraceRecord record = new TraceRecord();
        assertNull(decode(csvParser(), CSV, line.csv(), record), line.csv());
        assertDecoded(line, record);
        TraceRecord fromJson = new TraceRecord();
        assertNull(decode(new JsonLineParser(), JSON, line.json(), fromJson), line.json());
        assertDecoded(line, fromJson);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some();
    }

    private static String mutate(String line, List<Mutation> mutations) {
        return new String(Mutation.applyAll(line.getBytes(StandardCharsets.UTF_8), mutations), StandardCharsets.UTF_8);
    }

    @Property(tries = 3000, seed = "6060702")
    void aCorruptedLineIsDataOrBadWithAProblemNeverAThrow(@ForAll("lines") Line line,
            @ForAll("mutations") List<Mutation> mutations) {
        decode(csvParser(), CSV, mutate(line.csv(), mutations), new TraceRecord());
        decode(new JsonLineParser(), JSON, mutate(line.json(), mutations), new TraceRecord());
    }

    @Example
    void deepNestingNulsSurrogatesAndATenMegabyteLine() {
        Line line = new Line("m1", true, EventKind.all()[0], Region.NORTH, 1_598_954_400_000L, true, HubVariant.SKU1);
        String nested = "{\"extra\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        String problem = decode(new JsonLineParser(), JSON, nested, new TraceRecord());
        assertNotNull(problem);
        assertTrue(problem.contains(String.valueOf(JsonLineParser.MAX_DEPTH)), problem);

        String rawNul = decode(new JsonLineParser(), JSON, line.json().replace("\"m1\"", "\"m\u00001\""),
                new TraceRecord());
        assertTrue(rawNul != null && rawNul.startsWith("control character in a string"), rawNul);
        // A lone escaped surrogate, a NUL inside a CSV field and a BOM before a data line are text to the parsers:
        // each decodes or is refused, and neither throws (decode turns a throw into a failure).
        decode(new JsonLineParser(), JSON, line.json().replace("m1", "m1\\ud800"), new TraceRecord());
        decode(csvParser(), CSV, line.csv().replace("m1", "m\u00001"), new TraceRecord());
        decode(csvParser(), CSV, "\uFEFF" + line.csv(), new TraceRecord());

        String huge = line.csv().replace("m1", "m".repeat(10 * 1024 * 1024));
        TraceRecord record = new TraceRecord();
        assertNull(decode(csvParser(), CSV, huge, record), "the parser itself takes any length: the tap caps lines");
        assertEquals(10 * 1024 * 1024, record.messageId.length());
        String hugeJson = "{\"extra\":\"" + "x".repeat(10 * 1024 * 1024) + "\"," + line.json().substring(1);
        assertNull(decode(new JsonLineParser(), JSON, hugeJson, new TraceRecord()));
        assertNotNull(decode(new JsonLineParser(), JSON, "{\"message_id\":\"" + "y".repeat(10 * 1024 * 1024),
                new TraceRecord()));
    }
}

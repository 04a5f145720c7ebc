package io.pmr.collector.view;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.view.ViewFixture.CATALOGUE;
import static io.pmr.collector.view.ViewFixture.OCT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmr.collector.measure.MeasureEngine;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import io.pmr.collector.data.IdentityClash;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.collector.store.WriteOutcome;
import io.pmr.proto.v1.Envelope;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conflicts and identity clashes reach report.json and the page, and change no figure. */
class IntegritySectionTest {
    private static final long SEP_10 = Instant.parse("2020-09-10T10:00:00Z").toEpochMilli();
    private static final long EPOCH = 0x9000_0000_0000_0001L;

    @TempDir
    Path dir;

    @Test
    void aConflictAndAClashAreNamedOnThePageAndInTheJsonButCountInNoFigure() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            ViewFixture.store(store);
            Envelope original = intervals("gw-<1>", EPOCH, 3, interval("CSPN/PM4.3", SEP_10, 25_000, 10, 9));
            Envelope other = intervals("gw-<1>", EPOCH, 3, interval("CSPN/PM4.3", SEP_10, 25_000, 500, 0));
            assertEquals(List.of(WriteOutcome.STORED), store.write(List.of(new StoreWrite.Accept(original, SEP_10))));
            MonthlyReport before = new MeasureEngine(CATALOGUE).compute(YearMonth.of(2020, 9), store,
                    OCT + 1);
            assertTrue(before.integrity().isEmpty());
            assertFalse(ReportWriter.json(before).contains("\"integrity\""), "absent when there is nothing to say");
            assertFalse(HtmlReport.render(before, ReportViews.none()).contains("id=\"conflicts\""));

            assertEquals(List.of(WriteOutcome.CONFLICT), store.write(List.of(
                    new StoreWrite.Accept(other, SEP_10 + 1_000))));
            store.recordIdentityClash(new IdentityClash("gw-<1>", 7, EPOCH, SEP_10, SEP_10 + 5_000));
            MonthlyReport after = new MeasureEngine(CATALOGUE).compute(YearMonth.of(2020, 9), store,
                    OCT + 1);

            assertEquals(ReportWriter.json(before.figuresOnly()),
                    ReportWriter.json(after.figuresOnly()), "no figure changes; figuresOnly drops the notes");
            JsonNode integrity = new ObjectMapper().readTree(ReportWriter.json(after)).get("integrity");
            JsonNode conflict = integrity.get("conflicts").get(0);
            assertEquals("gw-<1>", conflict.get("agent").asText());
            assertEquals(Long.toUnsignedString(EPOCH), conflict.get("bootEpoch").asText(), "uint64 as a string");
            assertEquals("3", conflict.get("sequence").asText());
            assertEquals("2020-09-10T10:00:01Z", conflict.get("firstReceivedAt").asText());
            assertEquals(1, conflict.get("receipts").asLong());
            assertEquals(64, conflict.get("storedSha256").asText().length());
            JsonNode clash = integrity.get("identityClashes").get(0);
            assertEquals("7", clash.get("bootEpochA").asText());
            assertEquals(Long.toUnsignedString(EPOCH), clash.get("bootEpochB").asText());

            String page = HtmlReport.render(after, ReportViews.none());
            int start = page.indexOf("<section id=\"conflicts\">");
            String section = page.substring(start, page.indexOf("</section>", start));
            assertTrue(section.contains("<td>gw-&lt;1&gt;</td><td>" + Long.toUnsignedString(EPOCH) + "</td><td>3</td>"),
                    "names the agent (escaped) and the key: " + section);
            assertTrue(section.contains("2020-09-10T10:00:01Z"), "and when it came: " + section);
            assertTrue(section.contains("id=\"identity-clashes-table\""), section);
        }
    }
}

package io.pmr.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasureTrtsTest {

    @Test
    void theShippedFileGivesTheReportsTrts() {
        Map<String, Duration> trts = MeasureTrts.shipped();
        assertEquals(Duration.ofHours(22), trts.get("CSPN/PM4.1"));
        assertEquals(Duration.ofHours(2), trts.get("CSPC/PM4.2"));
        assertEquals(Duration.ofSeconds(25), trts.get("CSPS/PM4.3"));
        assertFalse(trts.containsKey("CPM1"), "a composite has no TRT");
    }

    @Test
    void readsIdAndTrtSkippingCommentsBlanksAndBlankTrts() {
        String csv = "\uFEFF# comment\n\nA/PM1,P,G,N,within_trt,25s,monthly,99,96,\n"
                + "  # indented comment\nB/PM2,P,G,N,availability,,monthly,99,96,\n";
        assertEquals(Map.of("A/PM1", Duration.ofSeconds(25)), MeasureTrts.read("x.csv", new StringReader(csv)));
    }

    @Test
    void checksEveryTrtRuleButMapsOnlyTheFixedOnes() {
        String csv = "A/PM1,P,G,N,within_trt,25s,monthly,99,96,\n"
                + "T/PM1.1,P,G,N,within_trt,by 06:59 next day in 07:00-18:00,monthly,99,96,\n"
                + "T/PM1.7,P,G,N,within_trt,15s in core hours,monthly,99,96,\n";
        assertEquals(Map.of("A/PM1", Duration.ofSeconds(25)), MeasureTrts.read("x.csv", new StringReader(csv)));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> MeasureTrts.read("x.csv",
                new StringReader("T/PM1.7,P,G,N,within_trt,15s in core,monthly,99,96,\n")));
        assertTrue(bad.getMessage().startsWith("x.csv:1: trt: '15s in core' is not a TRT: hours 'core'"),
                bad.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> MeasureTrts.read("x.csv",
                new StringReader(csv + "T/PM1.7,P,G,N,within_trt,15s,monthly,99,96,\n")));
        assertTrue(twice.getMessage().startsWith("x.csv:4: id: T/PM1.7 is given twice"), twice.getMessage());
    }

    @Test
    void namesTheLineOfABadTrt() {
        String csv = "# c\nA/PM1,P,G,N,within_trt,25 sec,monthly,99,96,\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeasureTrts.read("x.csv", new StringReader(csv)));
        assertEquals("x.csv:2: trt: '25 sec' is not a duration: expected a number and ms, s, m, h or d (e.g. 25s)",
                e.getMessage());
    }

    @Test
    void loadsAFolderOrAFileAndNamesOneItCannotRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("measures.csv"), "A/PM1,P,G,N,within_trt,2h,monthly,99,96,\n");
        assertEquals(Map.of("A/PM1", Duration.ofHours(2)), MeasureTrts.load(dir));
        assertEquals(Map.of("A/PM1", Duration.ofHours(2)), MeasureTrts.load(dir.resolve("measures.csv")));
        Path missing = dir.resolve("nope.csv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeasureTrts.load(missing));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read: "), e.getMessage());
    }

    @Test
    void namesAShortLineAndARepeatedId() {
        IllegalArgumentException shortLine = assertThrows(IllegalArgumentException.class,
                () -> MeasureTrts.read("x.csv", new StringReader("A/PM1,P,G\n")));
        assertEquals("x.csv:1: expected at least 6 columns (id,provider,group,name,kind,trt,...), found 3",
                shortLine.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> MeasureTrts.read("x.csv",
                new StringReader("A/PM1,P,G,N,k,1s,m,1,1\nA/PM1,P,G,N,k,2s,m,1,1\n")));
        assertTrue(twice.getMessage().startsWith("x.csv:2: id: A/PM1 is given twice"), twice.getMessage());
    }
}

package io.pmr.hardware.tap;

import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.pmr.hardware.tap.TapFiles.CSV_HEADER;
import static io.pmr.hardware.tap.TapFiles.append;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every bad line is reported as file:line: what, counted and skipped; the good lines around it still arrive. */
class TraceTapBadLineTest {
    private static final long T0_NANOS = 1_598_954_400_000_000_000L;
    private static final String TS = "2020-09-01T10:00:00Z";

    @TempDir
    Path dir;

    @Test
    void csvBadLinesAreReportedWithFileAndLineAndSkipped() throws Exception {
        Path log = dir.resolve("bad.csv");
        append(log, CSV_HEADER
                + "a,start,RTT4,h,north," + TS + ",,\n"
                + "b,begin,RTT4,h,north," + TS + ",,\n"
                + "c,start,RTT9,h,north," + TS + ",,\n"
                + "d,start,RTT4,h,west," + TS + ",,\n"
                + "e,start,RTT4,h,north,2020-09-01 10:00:00,,\n"
                + "f,start,RTT4,h,north," + TS + ",maybe,\n"
                + "g,start,RTT4,h,north," + TS + ",,SKU3\n"
                + ",start,RTT4,h,north," + TS + ",,\n"
                + "a,start,RTT4,h,north," + TS + ",,\n"
                + "x".repeat(100) + "\n"
                + "h,start,RTT4,h,north\n"
                + "\"i,start,RTT4,h,north," + TS + ",,\n"
                + "j,start,RTT4,h,north,99999999999999999999,,\n"
                + "k,start,RTT4,h,north,9223372036855,,\n"
                + "a,end,RTT4,h,north,1598954400001,,\n");
        Recorder recorder = new Recorder();
        TraceTapSettings settings = new TraceTapSettings(log, TraceFormat.CSV, Region.NORTH, false, 80, 100);
        try (TraceTap tap = TapFiles.open(settings, recorder)) {
            assertEquals(16, tap.poll());
            assertEquals(List.of("start 1 RTT4 SKU1 " + T0_NANOS, "end 1 " + (T0_NANOS + 1_000_000L) + " true"),
                    recorder.take());
            assertEquals(List.of(
                    log + ":3: unknown direction 'begin': expected start or end",
                    log + ":4: unknown kind 'RTT9': expected one of RTT2, RTT3, RTT4, CAT2_HAN_COMMAND, CAT3_ALERT,"
                            + " PM4.1, PM4.2, PM4.3, PM3.1, PM3.2; availability probes: AVAILABILITY_PROBE,"
                            + " DSP_DATA_SERVICE_PROBE or DSP/PM2.1, DSP_USER_INTERFACE_PROBE or DSP/PM2.2,"
                            + " DSP_SERVICE_MANAGEMENT_PROBE or DSP/PM2.3, DSP_SELF_SERVICE_PROBE or DSP/PM2.4,"
                            + " DSP_AVERAGE_INTERFACE_PROBE or DSP/PM2.5, DSP_TEST_SERVICES_PROBE or DSP/PM2.7,"
                            + " ACCESS_NODE_PROBE or CSPN/PM6.3; SMETS1 timings: S1SP_SIE_SERVICE_REQUEST or"
                            + " S1SP-SIE/PM1.1, S1SP_CAP_SERVICE_REQUEST or S1SP-CAP/PM1.1, S1SP_SIE_ALERT_RESPONSE or"
                            + " S1SP-SIE/PM1.5; SMKI timings: SMKI_BATCH_CERTIFICATE or TSP/PM1.1,"
                            + " SMKI_RA_CERTIFICATE or TSP/PM1.4, SMKI_S2S_CERTIFICATE or TSP/PM1.7,"
                            + " SMKI_REPOSITORY_PUBLISH or TSP/PM1.8, SMKI_REPOSITORY_DOCUMENT or DSP/PM13;"
                            + " SMWAN connectivity level: SMWAN_CONNECTIVITY_CHECK",
                    log + ":5: unknown region 'west': expected one of north, central, south (or CSPN, CSPC, CSPS)",
                    log + ":6: bad timestamp '2020-09-01 10:00:00': expected an ISO-8601 instant such as "
                            + "2020-09-01T10:00:00.123456789Z or integer epoch milliseconds",
                    log + ":7: bad success 'maybe': expected true or false",
                    log + ":8: unknown variant 'SKU3': expected SKU1 or SKU2",
                    log + ":9: empty message_id",
                    log + ":10: start of message_id 'a', which is already started and has not ended",
                    log + ":11: line longer than 80 bytes",
                    log + ":12: found 5 fields where the header names 8",
                    log + ":13: unterminated quoted field starting at column 1",
                    log + ":14: timestamp '99999999999999999999' is out of range",
                    log + ":15: timestamp '9223372036855' is out of range"), tap.recentProblems());
            assertEquals(new TraceTapCounters(16, 1, 1, 0, 13, 0, 0, 0, 0, 0), tap.counters());
        }
    }

    @Test
    void csvWithoutAValidHeaderRejectsDataUntilOneArrives() throws Exception {
        Path log = dir.resolve("noheader.csv");
        append(log, "a,start,RTT4,h,north," + TS + "\n"
                + "message_id,direction,kind,region,timestamp\n"
                + "a,start,RTT4,north," + TS + "\n"
                + "message_id,direction,kind,device,region,timestamp,KIND\n"
                + "message_id,direction,kind,device,region,timestamp\n"
                + "a,start,RTT4,h,north," + TS + "\n");
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.AUTO, false, recorder)) {
            assertEquals(6, tap.poll());
            assertEquals(List.of("start 1 RTT4 SKU1 " + T0_NANOS), recorder.take());
            String noHeader = ": no CSV header before this line: expected a header naming "
                    + "message_id,direction,kind,device,region,timestamp";
            assertEquals(List.of(
                    log + ":1" + noHeader,
                    log + ":2: CSV header is missing column(s) device",
                    log + ":3" + noHeader,
                    log + ":4: CSV header names column 'kind' twice"), tap.recentProblems());
            assertEquals(4, tap.counters().badLines());
        }
    }

    @Test
    void jsonBadLinesAreReportedWithFileAndLineAndSkipped() throws Exception {
        Path log = dir.resolve("bad.jsonl");
        String good = "{\"message_id\":\"a\",\"direction\":\"start\",\"kind\":\"RTT4\",\"device\":\"h\","
                + "\"region\":\"north\",\"timestamp\":\"" + TS + "\"}";
        append(log, "not json\n"
                + good + "\n"
                + "{\"message_id\":\"b\",\"direction\":\"start\",\"device\":\"h\",\"region\":\"north\",\"timestamp\":0}\n"
                + "{\"message_id\":\"c\"} x\n"
                + "{\"message_id\":\"d\",\"kind\":{\"name\":\"RTT4\"}}\n"
                + "{\"message_id\":\"e\",\"kind\":\"RTT4\",\"KIND\":\"RTT4\"}\n"
                + "{\"message_id\":\"f\"\n"
                + good.replace("\"" + TS + "\"", "1.5e12") + "\n"
                + good.replace("\"start\"", "\"end\"") + "\n");
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.JSONL, false, recorder)) {
            assertEquals(9, tap.poll());
            assertEquals(List.of("start 1 RTT4 SKU1 " + T0_NANOS, "end 1 " + T0_NANOS + " true"), recorder.take());
            assertEquals(List.of(
                    log + ":1: invalid JSON at column 1: expected a JSON object starting with '{'",
                    log + ":3: missing field 'kind'",
                    log + ":4: unexpected text after the JSON object at column 20",
                    log + ":5: value of key 'kind' is an object or array: expected a string, number, boolean or null",
                    log + ":6: key 'kind' appears twice",
                    log + ":7: invalid JSON: expected ',' or '}' but the line ended",
                    log + ":8: bad timestamp '1.5e12': expected an ISO-8601 instant such as "
                            + "2020-09-01T10:00:00.123456789Z or integer epoch milliseconds"), tap.recentProblems());
            assertEquals(7, tap.counters().badLines());
        }
    }

    @Test
    void linesOfOtherRegionsAreCountedAndSkippedButBadOnesAreStillBad() throws Exception {
        Path log = dir.resolve("regions.csv");
        append(log, CSV_HEADER
                + "a,start,RTT4,h,south," + TS + ",,\n"
                + "a,start,RTT4,h,CSPC," + TS + ",,\n"
                + "a,start,RTT4,h,CSPN," + TS + ",,\n"
                + "b,start,RTT9,h,south," + TS + ",,\n"
                + "a,end,RTT4,h,south," + TS + ",,\n"
                + "a,end,RTT4,h,north," + TS + ",false,\n");
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.CSV, false, recorder)) {
            assertEquals(7, tap.poll());
            assertEquals(List.of("start 1 RTT4 SKU1 " + T0_NANOS, "end 1 " + T0_NANOS + " false"), recorder.take());
            assertEquals(new TraceTapCounters(7, 1, 1, 0, 1, 3, 0, 0, 0, 0), tap.counters());
        }
    }
}

package io.pmr.hardware.tap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.pmr.hardware.tap.TapFiles.CSV_HEADER;
import static io.pmr.hardware.tap.TapFiles.append;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Both file formats end to end: what each line becomes at the listener, exactly. */
class TraceTapFormatTest {
    /** 2020-09-01T10:00:00Z. */
    private static final long T0_NANOS = 1_598_954_400_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void csvLinesBecomeStartsAndEndsWithExactFields() throws Exception {
        Path log = dir.resolve("gateway.csv");
        append(log, CSV_HEADER
                + "m1,start,RTT4,hub-1,north,2020-09-01T10:00:00.123456789Z,,SKU2\n"
                + "# a comment\n"
                + "\n"
                + "m2,START,pm4.1,hub-2,CSPN,2020-09-01T10:00:01Z,,\n"
                + "m1,end,RTT4,hub-1,north,2020-09-01T10:00:02.5Z,true,SKU2\n"
                + "\"m2\", end ,PM4.1,\"hub, 2\",north,1598954403007,false,\n"
                + "m3,start,cat3_alert,hub-3,north,2020-09-01T10:00:04Z,,sku1\r\n");
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.AUTO, false, recorder)) {
            assertEquals(8, tap.poll());
            assertEquals(List.of(
                    "start 1 RTT4 SKU2 " + (T0_NANOS + 123_456_789L),
                    "start 2 RTT2 SKU1 " + (T0_NANOS + 1_000_000_000L),
                    "end 1 " + (T0_NANOS + 2_500_000_000L) + " true",
                    "end 2 " + (T0_NANOS + 3_007_000_000L) + " false",
                    "start 3 CAT3_ALERT SKU1 " + (T0_NANOS + 4_000_000_000L)), recorder.take());
            assertEquals(new TraceTapCounters(8, 3, 2, 0, 0, 0, 0, 0, 0, 0), tap.counters());
            assertEquals(List.of(), tap.recentProblems());
            assertEquals(0, tap.poll());
        }
    }

    @Test
    void csvHeaderMayNameColumnsInAnyOrderWithExtraOnesAndWithoutOptionalOnes() throws Exception {
        Path log = dir.resolve("gateway.csv");
        append(log, "timestamp, Region ,queue,KIND,device,direction,message_id\n"
                + "2020-09-01T10:00:00Z,central,q7,PM3.1,hub-9,start,abc\n"
                + "1598954400250,central,q7,PM3.1,hub-9,end,abc\n");
        Recorder recorder = new Recorder();
        TraceTapSettings settings = new TraceTapSettings(log, TraceFormat.CSV, io.pmr.hardware.Region.CENTRAL, false);
        try (TraceTap tap = TapFiles.open(settings, recorder)) {
            assertEquals(3, tap.poll());
            assertEquals(List.of(
                    "start 1 CAT2_HAN_COMMAND SKU1 " + T0_NANOS,
                    "end 1 " + (T0_NANOS + 250_000_000L) + " true"), recorder.take());
        }
    }

    @Test
    void timestampsKeepEveryNanosecondOrMillisecond() throws Exception {
        Path log = dir.resolve("t.csv");
        append(log, CSV_HEADER
                + "a,start,RTT3,h,north,2020-09-01T10:00:00.000000001Z,,\n"
                + "b,start,RTT3,h,north,2020-09-01T10:00:00.999999999Z,,\n"
                + "c,start,RTT3,h,north,1598954400001,,\n"
                + "d,start,RTT3,h,north,0,,\n"
                + "e,start,RTT3,h,north,1969-12-31T23:59:59.999999999Z,,\n");
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.CSV, false, recorder)) {
            tap.poll();
            assertEquals(List.of(
                    "start 1 RTT3 SKU1 " + (T0_NANOS + 1L),
                    "start 2 RTT3 SKU1 " + (T0_NANOS + 999_999_999L),
                    "start 3 RTT3 SKU1 " + (T0_NANOS + 1_000_000L),
                    "start 4 RTT3 SKU1 0",
                    "start 5 RTT3 SKU1 -1"), recorder.take());
        }
    }

    @Test
    void jsonLinesBecomeStartsAndEndsWithExactFields() throws Exception {
        Path log = dir.resolve("gateway.jsonl");
        append(log, "{\"message_id\":\"m-1\",\"direction\":\"start\",\"kind\":\"PM4.3\",\"device\":\"hub-7\","
                + "\"region\":\"north\",\"timestamp\":\"2020-09-01T10:00:00.123456789Z\",\"variant\":\"SKU2\"}\n"
                + "  { \"timestamp\" : 1598954400500 , \"message_id\" : 17, \"kind\":\"RTT2\", \"direction\":\"start\","
                + " \"device\":\"h\\u00e9\\\"x\\\"\", \"region\":\"CSPN\", \"variant\": null, \"extra\": [1, {\"a\": 2}]"
                + " , \"success\": true }\n"
                + "# comment\n"
                + "{\"message_id\":\"17\",\"direction\":\"end\",\"kind\":\"RTT2\",\"device\":\"\",\"region\":\"north\","
                + "\"timestamp\":\"1598954401000\",\"success\":false}\n"
                + "{\"message_id\":\"m-1\",\"direction\":\"end\",\"kind\":\"RTT4\",\"device\":\"hub-7\",\"region\":\"north\","
                + "\"timestamp\":\"2020-09-01T10:00:02Z\",\"success\":\"TRUE\"}\n");
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.AUTO, false, recorder)) {
            assertEquals(5, tap.poll());
            assertEquals(List.of(), tap.recentProblems());
            assertEquals(List.of(
                    "start 1 RTT4 SKU2 " + (T0_NANOS + 123_456_789L),
                    "start 2 RTT2 SKU1 " + (T0_NANOS + 500_000_000L),
                    "end 2 " + (T0_NANOS + 1_000_000_000L) + " false",
                    "end 1 " + (T0_NANOS + 2_000_000_000L) + " true"), recorder.take());
        }
    }

    @Test
    void partialLastLineIsCompletedAtALaterPoll() throws Exception {
        Path log = dir.resolve("p.csv");
        append(log, CSV_HEADER + "m1,start,RTT4,h,north,2020-09-01T10:");
        Recorder recorder = new Recorder();
        try (TraceTap tap = TapFiles.open(log, TraceFormat.CSV, false, recorder)) {
            assertEquals(1, tap.poll());
            assertEquals(List.of(), recorder.take());
            append(log, "00:00Z,,");
            assertEquals(0, tap.poll());
            assertEquals(List.of(), recorder.take());
            append(log, "\nm1,end,RTT4,h,north,2020-09-01T10:00:01Z,,\n");
            assertEquals(2, tap.poll());
            assertEquals(List.of("start 1 RTT4 SKU1 " + T0_NANOS, "end 1 " + (T0_NANOS + 1_000_000_000L) + " true"),
                    recorder.take());
            assertEquals(0, tap.counters().badLines());
        }
    }
}

package io.pmr.collector.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.IntervalReportBatch;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded random month of firmware payloads and power outages, turned into records the way the agent's BatchBuilder
 * does (outcome from the exact nanosecond latency, millis by floor), stored through SQLite in shuffled batches with
 * re-sent duplicates, and counted by the engine; the expected figures are computed from the raw events by
 * hardware's DeviceTruth and OutageFigures rules, restated here (the collector may not depend on hardware).
 */
class DeviceTruthRulesTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final long FIRMWARE_TRT_NANOS = 24L * 3_600_000_000_000L;
    static final long ALERT_TRT_NANOS = 60_000_000_000L;
    /** Aug 25 to Oct 5 2020 UTC: payloads and outages on both sides of both September boundaries. */
    static final long FROM_NANOS = Instant.parse("2020-08-25T00:00:00Z").toEpochMilli() * 1_000_000L;
    static final long SPAN_NANOS = 41L * 86_400_000_000_000L;

    @TempDir
    Path dir;

    /** One raw event as the rig generates it. */
    record Raw(String measureId, long group, long device, long message, long startNanos, long endNanos,
               boolean success, boolean lost, long trtNanos) {
        boolean within() {
            return !lost && success && endNanos - startNanos <= trtNanos;
        }

        EventRecord record() {
            EventRecord.Builder r = EventRecord.newBuilder().setMeasureId(measureId)
                    .setDeviceId(Long.toHexString(device)).setMessageId(Long.toString(message))
                    .setStartEpochMillis(Math.floorDiv(startNanos, 1_000_000L))
                    .setOutcome(lost ? EventRecord.Outcome.TIMED_OUT : within() ? EventRecord.Outcome.WITHIN_TRT
                            : success ? EventRecord.Outcome.OUTSIDE_TRT : EventRecord.Outcome.FAILED);
            if (!lost) {
                r.setEndEpochMillis(Math.floorDiv(endNanos, 1_000_000L)).setLatencyMicros((endNanos - startNanos) / 1_000);
            }
            return measureId.endsWith("/PM2") ? r.setPayloadId(Long.toString(group)).build()
                    : r.setOutageId(Long.toString(group)).build();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 20201130})
    void engineFiguresEqualTheTruthRules(long seed) {
        Random random = new Random(seed);
        List<Raw> raws = new ArrayList<>();
        long message = 1;
        for (long payload = 1; payload <= 300; payload++) {
            long start = FROM_NANOS + (long) (random.nextDouble() * SPAN_NANOS);
            int attempts = 1 + random.nextInt(3);
            for (int a = 0; a < attempts; a++) {
                long duration = (long) (random.nextDouble() * 30 * 3_600_000_000_000L);
                if (random.nextInt(20) == 0) {
                    duration = FIRMWARE_TRT_NANOS + random.nextInt(3) - 1; // at, and a nanosecond either side of, TRT
                }
                raws.add(new Raw("CSPN/PM2", payload, 0xF000 + payload, message++, start, start + duration,
                        random.nextInt(4) != 0, random.nextInt(10) == 0, FIRMWARE_TRT_NANOS));
                start += duration + (long) (random.nextDouble() * 5 * 86_400_000_000_000L); // a retry, days later
            }
        }
        for (long outage = 1; outage <= 40; outage++) {
            int hubs = random.nextInt(8) == 0 ? 51 + random.nextInt(2_000) : 1 + random.nextInt(60);
            long first = FROM_NANOS + (long) (random.nextDouble() * SPAN_NANOS);
            if (outage == 1) {
                first = Instant.parse("2020-09-30T22:59:50Z").toEpochMilli() * 1_000_000L; // straddles the month end
            }
            for (int h = 0; h < hubs; h++) {
                long start = first + (long) (random.nextDouble() * 20_000_000_000L);
                long latency = (long) (random.nextDouble() * 2 * ALERT_TRT_NANOS);
                raws.add(new Raw("CSPN/PM12.2", outage, outage * 10_000 + h, message++, start, start + latency,
                        random.nextInt(15) != 0, random.nextInt(12) == 0, ALERT_TRT_NANOS));
            }
        }

        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr-" + seed + ".db"))) {
            List<EventRecord> records = new ArrayList<>(raws.stream().map(Raw::record).toList());
            Collections.shuffle(records, random);
            long sequence = 1;
            for (int i = 0; i < records.size(); i += 97) {
                Envelope envelope = Envelope.newBuilder().setAgentId("rig-north").setBootEpoch(1).setSequence(sequence++)
                        .setIntervals(IntervalReportBatch.newBuilder()
                                .addAllRecords(records.subList(i, Math.min(records.size(), i + 97)))).build();
                store.write(List.of(new StoreWrite.Accept(envelope, 1)));
                if (random.nextInt(4) == 0) {
                    store.write(List.of(new StoreWrite.Accept(envelope, 2))); // a re-send: a duplicate
                }
            }
            for (YearMonth month : List.of(YearMonth.of(2020, 8), YearMonth.of(2020, 9), YearMonth.of(2020, 10))) {
                MonthlyReport report = EngineFixture.ENGINE.compute(month, store, EngineFixture.LATER);
                assertMonth(raws, month, report);
            }
        }
    }

    private static void assertMonth(List<Raw> raws, YearMonth month, MonthlyReport report) {
        // DeviceTruth: per payload, first attempt's period; numerator if any attempt within TRT
        Map<Long, long[]> payloads = new TreeMap<>();
        Map<Long, long[]> outages = new TreeMap<>();
        for (Raw raw : raws) {
            Map<Long, long[]> groups = raw.measureId().endsWith("/PM2") ? payloads : outages;
            long[] group = groups.computeIfAbsent(raw.group(), g -> new long[] {Long.MAX_VALUE, 0, 0});
            group[0] = Math.min(group[0], raw.startNanos());
            group[1]++;
            group[2] += raw.within() ? 1 : 0;
        }
        long firmwareNumerator = 0;
        long firmwareDenominator = 0;
        for (long[] payload : payloads.values()) {
            if (periodOf(payload[0]).equals(month)) {
                firmwareDenominator++;
                firmwareNumerator += payload[2] > 0 ? 1 : 0;
            }
        }
        long smallN = 0;
        long smallA = 0;
        long largeN = 0;
        long largeA = 0;
        BigDecimal required = BigDecimal.ZERO;
        BigDecimal capped = BigDecimal.ZERO;
        for (long[] outage : outages.values()) {
            if (!periodOf(outage[0]).equals(month)) {
                continue;
            }
            if (outage[1] <= 50) {
                smallN += outage[1];
                smallA += outage[2];
            } else {
                largeN += outage[1];
                largeA += outage[2];
                BigDecimal r = BigDecimal.valueOf(outage[1] - 50).multiply(new BigDecimal("0.25")).add(BigDecimal.valueOf(50));
                required = required.add(r);
                capped = capped.add(BigDecimal.valueOf(outage[2]).min(r));
            }
        }
        MeasureFigure firmware = EngineFixture.figure(report, "CSPN/PM2");
        assertEquals(firmwareNumerator, firmware.numerator(), month + " PM2 numerator");
        assertEquals(firmwareDenominator, firmware.denominator(), month + " PM2 denominator");
        MeasureFigure small = EngineFixture.figure(report, "CSPN/PM12.1");
        assertEquals(smallA, small.numerator(), month + " PM12.1 sum A");
        assertEquals(smallN, small.denominator(), month + " PM12.1 sum N");
        MeasureFigure large = EngineFixture.figure(report, "CSPN/PM12.2");
        assertEquals(largeA, large.numerator(), month + " PM12.2 sum A");
        assertEquals(largeN, large.denominator(), month + " PM12.2 sum N");
        if (largeN > 0) {
            assertEquals(BigDecimal.valueOf(100).multiply(capped).divide(required, 2, RoundingMode.HALF_UP),
                    large.level(), month + " PM12.2 as intended");
            BigDecimal historicalRequired = BigDecimal.valueOf(largeN - 50).multiply(new BigDecimal("0.25"))
                    .add(BigDecimal.valueOf(50));
            assertEquals(BigDecimal.valueOf(100).multiply(BigDecimal.valueOf(largeA))
                    .divide(historicalRequired, 2, RoundingMode.HALF_UP),
                    ((FigureDetail.PowerOutage) large.detail()).historicalLevel(), month + " PM12.2 as reported");
        }
    }

    private static YearMonth periodOf(long epochNanos) {
        return YearMonth.from(Instant.ofEpochSecond(0, epochNanos).atZone(LONDON));
    }
}

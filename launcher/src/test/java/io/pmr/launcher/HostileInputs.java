package io.pmr.launcher;

import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the integrity faults send and read: a conflicting copy of an envelope, an envelope at the edge of the wire
 * bounds, forged acks, a damaged database page, an agent's boot epoch from its state file, and samples of the
 * collector's Prometheus {@code /metrics}.
 */
final class HostileInputs {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HostileInputs() {
    }

    /** The same key with other content: the first interval counts one more event, timed out (still consistent). */
    static Envelope otherContent(Envelope original) {
        IntervalReportBatch batch = original.getIntervals();
        IntervalReport first = batch.getIntervals(0);
        IntervalReport altered = first.toBuilder().setEvents(first.getEvents() + 1)
                .setTimedOut(first.getTimedOut() + 1).build();
        return original.toBuilder().setIntervals(batch.toBuilder().setIntervals(0, altered)).build();
    }

    /** An envelope of {@code agentId} whose watermark is 2^63-1 (before issue 12 it broke every later report). */
    static Envelope maxWatermark(String agentId) {
        return Envelope.newBuilder().setAgentId(agentId).setBootEpoch(1).setSequence(1)
                .setIntervals(IntervalReportBatch.newBuilder().addWatermarks(MeasureWatermark.newBuilder()
                        .setMeasureId("CSPN/PM4.3").setFinalThroughEpochMillis(Long.MAX_VALUE)))
                .build();
    }

    /**
     * Acks no collector can have sent to an agent of boot epoch {@code bootEpoch}: 1..2^62 (far beyond what it
     * published), the top of the unsigned range, and an inverted range.
     */
    static Ack forgedAck(String agentId, long bootEpoch) {
        return Ack.newBuilder().setAgentId(agentId)
                .addRanges(AckedRange.newBuilder().setBootEpoch(bootEpoch).setFirstSequence(1).setLastSequence(1L << 62))
                .addRanges(AckedRange.newBuilder().setBootEpoch(bootEpoch).setFirstSequence(Long.MIN_VALUE + 5)
                        .setLastSequence(-1L))
                .addRanges(AckedRange.newBuilder().setBootEpoch(bootEpoch).setFirstSequence(10).setLastSequence(1))
                .build();
    }

    static final int FORGED_RANGES = 3;

    /** The boot epoch in an agent's data dir ({@code agent.state}). */
    static long bootEpoch(Path dataDir) throws IOException {
        Properties state = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve("agent.state"))) {
            state.load(in);
        }
        return Long.parseLong(state.getProperty("bootEpoch"));
    }

    /** Overwrites the page in the middle of a database file (not its header), as a failing disk would. */
    static void damageAMiddlePage(Path db) throws IOException {
        long pages = Files.size(db) / 4096;
        if (pages < 4) {
            throw new IllegalStateException(db + " has only " + pages + " pages");
        }
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] garbage = new byte[4096];
            Arrays.fill(garbage, (byte) 0x5A);
            file.seek(4096L * (pages / 2));
            file.write(garbage);
        }
    }

    /** GET on the collector's HTTP API; the response (status and body). */
    static HttpResponse<String> get(String apiUrl, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(apiUrl.replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One sample of {@code /metrics}: {@code name} or {@code name{labels}}, a whole number ({@code 3.0}), as a long. */
    static long metric(String apiUrl, String sample) throws IOException, InterruptedException {
        HttpResponse<String> response = get(apiUrl, "/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode());
        }
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\d+)(?:\\.0)?$").matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no sample " + sample + " in\n" + response.body());
        }
        return Long.parseLong(matcher.group(1));
    }
}

package io.pmr.collector.ingest;

import io.pmr.testkit.HostileTally;
import io.pmr.testkit.Mutation;

import static io.pmr.collector.TestEnvelopes.histogram;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.withHistogram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.proto.v1.DownWindow;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.EventRecordBatch;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.MeasureWatermark;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Hostile input for the collector's envelope decoding ({@link EnvelopeValidator} and {@link Topics}): valid envelopes of
 * every body pass unchanged, corrupted ones become a {@link Verdict.Invalid} naming a reason (never a throw), and hand-made
 * worst cases (deep nesting, a 2 GB length prefix, invalid UTF-8, NUL bytes) are refused.
 */
class EnvelopeHostileTest {
    static final HostileTally TALLY = HostileTally.of("EnvelopeHostileTest");
    private static final HostileTally.Decoder ENVELOPES = TALLY.decoder("EnvelopeValidator");
    private static final HostileTally.Decoder TOPICS = TALLY.decoder("Topics");
    static final String AGENT = "agent-1";
    static final String RTT4 = "CSPN/PM4.3";
    static final String FIRMWARE = "CSPN/PM2";
    static final String AVAILABILITY = "CSPN/PM6.2";
    static final long START = millis("2020-09-01T10:00:00Z");
    static final int MAX_BYTES = 1 << 20;

    private final EnvelopeValidator validator = new EnvelopeValidator(Catalogue.shipped(), MAX_BYTES,
            TestBounds.in2021());

    @AfterContainer
    static void writeTally() {
        TALLY.write();
    }

    /** Validates, tallies and returns the verdict; anything thrown fails the property as a crash. */
    static Verdict validate(EnvelopeValidator validator, HostileTally.Decoder decoder, String topic, byte[] payload) {
        Verdict verdict;
        try {
            verdict = validator.validate(topic, payload);
        } catch (Throwable t) {
            throw decoder.crash(t);
        }
        if (verdict instanceof Verdict.Invalid invalid) {
            decoder.rejected(invalid.reason().code());
            assertNotNull(invalid.reason());
            assertFalse(invalid.detail().isBlank());
        } else {
            decoder.accepted();
        }
        return verdict;
    }

    private static String topic(Envelope envelope) {
        return "pmr/v1/" + envelope.getAgentId() + "/" + switch (envelope.getBodyCase()) {
            case STATUS -> "status";
            case EVENTS -> "events";
            default -> "intervals";
        };
    }

    @Provide
    Arbitrary<Envelope> envelopes() {
        Arbitrary<Long> sequences = Arbitraries.longs().between(1, Long.MAX_VALUE);
        Arbitrary<Envelope> withIntervals = Combinators.combine(sequences, intervalReports().list().ofMaxSize(5),
                records().list().ofMaxSize(5), downWindows().list().ofMaxSize(3)).as((seq, reports, records, windows) ->
                intervals(AGENT, 1, seq, reports.toArray(IntervalReport[]::new)).toBuilder()
                        .setIntervals(intervals(AGENT, 1, seq, reports.toArray(IntervalReport[]::new)).getIntervals()
                                .toBuilder().addAllRecords(records).addAllDownWindows(windows)
                                .addWatermarks(MeasureWatermark.newBuilder().setMeasureId(RTT4)
                                        .setFinalThroughEpochMillis(START + 60_000)))
                        .build());
        Arbitrary<Envelope> withStatus = sequences.map(seq -> status(AGENT, 1, seq, RTT4, 25_000));
        Arbitrary<Envelope> withEvents = Combinators.combine(sequences, records().list().ofMinSize(1).ofMaxSize(5))
                .as((seq, records) -> Envelope.newBuilder().setAgentId(AGENT).setBootEpoch(1).setSequence(seq)
                        .setEvents(EventRecordBatch.newBuilder().addAllRecords(records)).build());
        return Arbitraries.oneOf(withIntervals, withStatus, withEvents);
    }

    private static Arbitrary<IntervalReport> intervalReports() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 100), Arbitraries.of(true, false)).as((minute, events, within, hist) -> {
                    int w = Math.min(within, events);
                    IntervalReport report = interval(RTT4, START + minute * 60_000L, 25_000, events, w);
                    return hist && w > 0 ? withHistogram(report, histogram(1_500, w)) : report;
                });
    }

    private static Arbitrary<EventRecord> records() {
        return Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                Arbitraries.longs().between(1, 1_000_000), Arbitraries.longs().between(0, 86_400_000L),
                Arbitraries.of(EventRecord.Outcome.WITHIN_TRT, EventRecord.Outcome.OUTSIDE_TRT, EventRecord.Outcome.TIMED_OUT,
                        EventRecord.Outcome.FAILED, EventRecord.Outcome.EXCLUDED)).as((device, message, latency, outcome) ->
                EventRecord.newBuilder().setMeasureId(FIRMWARE).setDeviceId(device).setMessageId("m" + message)
                        .setStartEpochMillis(START).setEndEpochMillis(START + latency).setOutcome(outcome)
                        .setPayloadId("p" + message).build());
    }

    private static Arbitrary<DownWindow> downWindows() {
        return Arbitraries.longs().between(1, 3_600_000).map(length -> DownWindow.newBuilder()
                .setMeasureId(AVAILABILITY).setStartEpochMillis(START).setEndEpochMillis(START + length).build());
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some();
    }

    @Property(tries = 1000, seed = "6060101")
    void aValidEnvelopeOfAnyBodyPassesUnchanged(@ForAll("envelopes") Envelope envelope) {
        Verdict verdict = validate(validator, ENVELOPES, topic(envelope), envelope.toByteArray());
        Verdict.Valid valid = assertInstanceOf(Verdict.Valid.class, verdict, () -> verdict.toString());
        assertEquals(envelope, valid.envelope());
    }

    @Property(tries = 2000, seed = "6060102")
    void aCorruptedEnvelopeIsRefusedWithANamedReasonNeverAThrow(@ForAll("envelopes") Envelope envelope,
            @ForAll("mutations") List<Mutation> mutations) throws Exception {
        byte[] corrupted = Mutation.applyAll(envelope.toByteArray(), mutations);
        Verdict verdict = validate(validator, ENVELOPES, topic(envelope), corrupted);
        if (verdict instanceof Verdict.Valid valid) {
            // the mutation hit a value the contract allows (a count, a time, an id): it must still reparse the same
            assertEquals(valid.envelope(), Envelope.parseFrom(corrupted));
        }
    }

    @Property(tries = 2000, seed = "6060103")
    void anyTopicParsesOrIsRefusedWithoutThrowing(@ForAll("topics") String topic) {
        Topics.Parsed parsed;
        try {
            parsed = Topics.parse(topic);
            Topics.printable(topic);
        } catch (Throwable t) {
            throw TOPICS.crash(t);
        }
        if (parsed == null) {
            TOPICS.rejected("not pmr/v1/{agentId}/status|intervals|events");
        } else {
            TOPICS.accepted();
            assertEquals(topic, "pmr/v1/" + parsed.agentId() + "/" + parsed.kind().name().toLowerCase(java.util.Locale.ROOT));
            assertFalse(parsed.agentId().isEmpty());
            assertFalse(parsed.agentId().contains("/"));
        }
    }

    @Provide
    Arbitrary<String> topics() {
        Arbitrary<String> agentIds = Arbitraries.strings().all().ofMaxLength(20);
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60),
                Combinators.combine(agentIds, Arbitraries.of("status", "intervals", "events", "ack", "", "status/x"))
                        .as((id, kind) -> "pmr/v1/" + id + "/" + kind),
                Arbitraries.of("pmr/v1/", "pmr/v1//status", "pmr/v1/a/", "pmr/v1/a/status/", "pmr/v2/a/status",
                        "pmr/v1/\u0000/events", "pmr/v1/\uD800/status", "pmr/v1/a\u0000b/intervals"));
    }

    @Example
    void deeplyNestedGroupsAreRefusedAsUnparseable() {
        ByteArrayOutputStream nested = new ByteArrayOutputStream();
        for (int i = 0; i < 100_000; i++) {
            nested.write(0xa3); // start group, field 100 (tag 803 = 0xa3 0x06)
            nested.write(0x06);
        }
        assertRejected(nested.toByteArray(), RejectReason.UNPARSEABLE);
    }

    @Example
    void deeplyNestedMessagesAreRefusedAsUnparseable() {
        // intervals (11) holding intervals (1) holding ... : each level is a length-delimited sub-message
        byte[] inner = new byte[0];
        for (int depth = 0; depth < 200; depth++) {
            ByteArrayOutputStream level = new ByteArrayOutputStream();
            level.write(depth == 199 ? (11 << 3 | 2) : (1 << 3 | 2));
            writeVarint(level, inner.length);
            level.writeBytes(inner);
            inner = level.toByteArray();
        }
        Verdict verdict = validate(validator, ENVELOPES, "pmr/v1/" + AGENT + "/intervals", inner);
        assertInstanceOf(Verdict.Invalid.class, verdict);
    }

    @Example
    void aLengthPrefixOfTwoGigabytesIsRefusedWithoutAllocatingIt() {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(1 << 3 | 2); // agent_id, length-delimited
        writeVarint(payload, Integer.MAX_VALUE);
        payload.writeBytes("agent-1".getBytes(StandardCharsets.UTF_8));
        assertRejected(payload.toByteArray(), RejectReason.UNPARSEABLE);
        ByteArrayOutputStream negative = new ByteArrayOutputStream();
        negative.write(11 << 3 | 2); // intervals with a length of -1 (ten-byte varint)
        writeVarint(negative, -1L);
        assertRejected(negative.toByteArray(), RejectReason.UNPARSEABLE);
    }

    @Example
    void invalidUtf8AndNulBytesInIdsAreHandled() {
        byte[] good = status(AGENT, 1, 1, RTT4, 25_000).toByteArray();
        byte[] invalid = good.clone();
        int at = indexOf(invalid, AGENT.getBytes(StandardCharsets.UTF_8));
        invalid[at] = (byte) 0xc3; // a lead byte followed by ASCII: not UTF-8
        assertRejected("pmr/v1/" + AGENT + "/status", invalid, RejectReason.UNPARSEABLE);

        Envelope nul = status("agent\u0000-1", 1, 1, RTT4, 25_000);
        assertInstanceOf(Verdict.Valid.class, validate(validator, ENVELOPES, topic(nul), nul.toByteArray()),
                "a NUL inside an id is text like any other: the topic and payload agree");
        Verdict.Invalid mismatch = assertInstanceOf(Verdict.Invalid.class,
                validate(validator, ENVELOPES, "pmr/v1/agent/status", nul.toByteArray()));
        assertEquals(RejectReason.AGENT_MISMATCH, mismatch.reason());
        assertNull(mismatch.ackKey(), "a mismatched agent is never acknowledged");
        assertFalse(mismatch.detail().contains("\u0000"), "control characters never reach the log: " + mismatch.detail());
    }

    @Example
    void aPayloadOverTheSizeCapIsRefusedBeforeParsing() {
        byte[] huge = new byte[MAX_BYTES + 1];
        assertRejected(huge, RejectReason.OVERSIZED);
    }

    private void assertRejected(byte[] payload, RejectReason reason) {
        assertRejected("pmr/v1/" + AGENT + "/intervals", payload, reason);
    }

    private void assertRejected(String topic, byte[] payload, RejectReason reason) {
        Verdict verdict = validate(validator, ENVELOPES, topic, payload);
        Verdict.Invalid invalid = assertInstanceOf(Verdict.Invalid.class, verdict);
        assertEquals(reason, invalid.reason(), invalid.detail());
        assertTrue(invalid.detail().length() < 2_000, "detail is bounded");
    }

    static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}

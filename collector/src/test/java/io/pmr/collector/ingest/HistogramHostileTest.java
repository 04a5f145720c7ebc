package io.pmr.collector.ingest;

import io.pmr.testkit.HostileTally;
import io.pmr.testkit.Mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.pmr.collector.HostileHistograms;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.HdrHistogram.Histogram;

/**
 * Hostile input for {@link HistogramCheck}: honest histograms decode to their total, corrupted ones are refused with a
 * reason (never a throw), and headers declaring huge ranges are refused without a large allocation.
 */
class HistogramHostileTest {
    private static final HostileTally TALLY = HostileTally.of("HistogramHostileTest");
    private static final HostileTally.Decoder CHECK = TALLY.decoder("HistogramCheck");
    private static final long DAY_MILLIS = 86_400_000L;
    /** What a refusal of a hostile header may allocate on the calling thread: the input copy and a few messages. */
    private static final long ALLOCATION_BUDGET_BYTES = 1 << 20;

    @AfterContainer
    static void writeTally() {
        TALLY.write();
    }

    @Provide
    Arbitrary<long[]> latencies() {
        return Arbitraries.longs().between(1, DAY_MILLIS).array(long[].class).ofMinSize(0).ofMaxSize(200);
    }

    private static ByteString encode(long[] values) {
        Histogram histogram = new Histogram(1, DAY_MILLIS, 3);
        for (long value : values) {
            histogram.recordValue(value);
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return ByteString.copyFrom(buffer.array(), 0, length);
    }

    private static HistogramCheck.Result check(byte[] bytes) {
        HistogramCheck.Result result;
        try {
            result = HistogramCheck.decodeTotal(ByteString.copyFrom(bytes));
        } catch (Throwable t) {
            throw CHECK.crash(t);
        }
        if (result.ok()) {
            CHECK.accepted();
        } else {
            CHECK.rejected(result.problem());
        }
        return result;
    }

    @Property(tries = 300, seed = "6060001")
    void anHonestHistogramDecodesToItsTotal(@ForAll("latencies") long[] values) {
        HistogramCheck.Result result = check(encode(values).toByteArray());
        assertTrue(result.ok(), result.problem());
        assertEquals(values.length, result.totalCount());
    }

    @Property(tries = 3000, seed = "6060002")
    void aCorruptedHistogramIsRefusedWithAReasonOrDecodesWithinBounds(@ForAll("latencies") long[] values,
            @ForAll("mutations") List<Mutation> mutations) {
        byte[] corrupted = Mutation.applyAll(encode(values).toByteArray(), mutations);
        HistogramCheck.Result result = check(corrupted);
        if (result.ok()) {
            // a mutation may leave a decodable histogram (e.g. in the unused conversion ratio): still bounded
            assertTrue(result.totalCount() >= 0);
        } else {
            assertFalse(result.problem().isBlank());
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some();
    }

    @Example
    void headersDeclaringHugeRangesAreRefusedWithoutALargeAllocation() {
        check(encode(new long[]{5}).toByteArray()); // warm the thread's scratch buffers and inflater
        List<Supplier<ByteString>> hostile = List.of(
                () -> HostileHistograms.claiming(5, 1, Long.MAX_VALUE / 2),
                () -> HostileHistograms.claiming(5, 1, 1L << 56),
                () -> HostileHistograms.claiming(Integer.MAX_VALUE, 1, DAY_MILLIS),
                () -> HostileHistograms.claiming(3, Long.MAX_VALUE / 4, Long.MAX_VALUE / 2),
                () -> HostileHistograms.claiming(3, 0, DAY_MILLIS),
                () -> HostileHistograms.claiming(3, -1, -1),
                () -> HostileHistograms.withPayload(1, DAY_MILLIS, Integer.MAX_VALUE, new byte[0]),
                () -> HostileHistograms.withPayload(1, DAY_MILLIS, -1, new byte[0]),
                // a zero run of 2^62 and a count at index 2^31-1
                () -> HostileHistograms.withPayload(1, DAY_MILLIS, 9, HostileHistograms.varints(-(1L << 62))),
                () -> HostileHistograms.withPayload(1, DAY_MILLIS, 18,
                        HostileHistograms.varints(-(Integer.MAX_VALUE - 1L), 7)),
                HistogramHostileTest::outerLengthOfTwoGigabytes,
                HistogramHostileTest::inflatesToTenMegabytes);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Supplier<ByteString> make : hostile) {
            byte[] bytes = make.get().toByteArray();
            long before = threads.getCurrentThreadAllocatedBytes();
            HistogramCheck.Result result = check(bytes);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            CHECK.allocation(allocated);
            assertFalse(result.ok(), "accepted a hostile histogram with total " + result.totalCount());
            assertNotNull(result.problem());
            assertTrue(allocated < ALLOCATION_BUDGET_BYTES + bytes.length,
                    "refusing '" + result.problem() + "' allocated " + allocated + " bytes");
        }
    }

    /** A real histogram whose outer header claims 2^31-1 compressed bytes. */
    private static ByteString outerLengthOfTwoGigabytes() {
        byte[] bytes = encode(new long[]{5, 6}).toByteArray();
        ByteBuffer.wrap(bytes).putInt(4, Integer.MAX_VALUE);
        return ByteString.copyFrom(bytes);
    }

    /** A deflate bomb: 10 MB of zeros (a small encoded size) behind a header declaring 100 kB of payload. */
    private static ByteString inflatesToTenMegabytes() {
        return HostileHistograms.withPayload(1, DAY_MILLIS, 100_000, new byte[10_000_000]);
    }
}

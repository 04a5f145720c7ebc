package io.pmr.hardware.rig;

import io.pmr.testkit.HostileTally;
import io.pmr.testkit.Mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pmr.proto.v1.RigEventKind;
import io.pmr.proto.v1.RigFrame;
import io.pmr.proto.v1.RigHubVariant;
import io.pmr.proto.v1.RigObservationStart;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Hostile input for the rig protocol's framing ({@link RigCodec}): a corrupted frame body inside a stream is counted and
 * skipped while every frame around it arrives; a 2 GB length prefix is refused without allocating it; arbitrary bytes
 * never escape the pipeline as an exception.
 */
class RigCodecHostileTest {
    private static final HostileTally TALLY = HostileTally.of("RigCodecHostileTest");
    private static final HostileTally.Decoder FRAMES = TALLY.decoder("RigCodec(frame bodies)");
    private static final HostileTally.Decoder STREAM = TALLY.decoder("RigCodec(raw stream)");
    private static final int MAX = 1_024;

    @AfterContainer
    static void writeTally() {
        TALLY.write();
    }

    private static EmbeddedChannel channel(RigCodecCounters counters) {
        EmbeddedChannel channel = new EmbeddedChannel();
        RigCodec.install(channel.pipeline(), MAX, counters);
        return channel;
    }

    private static RigFrame start(long seq) {
        return RigFrame.newBuilder().setSeq(seq).setStart(RigObservationStart.newBuilder().setMessageId(seq * 7)
                .setKind(RigEventKind.RIG_EVENT_KIND_RTT4).setVariant(RigHubVariant.RIG_HUB_VARIANT_SKU2)
                .setStartEpochNanos(1_600_000_000_123_456_789L + seq)).build();
    }

    private static ByteBuf lengthPrefixed(byte[] body) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(body.length);
        buf.writeBytes(body);
        return buf;
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some();
    }

    @Property(tries = 2000, seed = "6060301")
    void aCorruptedFrameBodyIsCountedAndSkippedAndItsNeighboursArrive(@ForAll @IntRange(min = 0, max = 4) int bad,
            @ForAll("mutations") List<Mutation> mutations) {
        RigCodecCounters counters = new RigCodecCounters();
        EmbeddedChannel in = channel(counters);
        RigFrame corruptedOriginal = start(bad + 1);
        byte[] corrupted = Mutation.applyAll(corruptedOriginal.toByteArray(), mutations);
        for (int i = 0; i < 5; i++) {
            in.writeInbound(lengthPrefixed(i == bad ? corrupted : start(i + 1).toByteArray()));
        }
        List<RigFrame> arrived = new ArrayList<>();
        Object frame;
        while ((frame = in.readInbound()) != null) {
            arrived.add((RigFrame) frame);
        }
        List<RigFrame> neighbours = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            if (i != bad) {
                neighbours.add(start(i + 1));
            }
        }
        if (counters.rejected() == 1) {
            FRAMES.rejected(counters.lastRejection().replaceAll("starting .*", ""));
            assertEquals(neighbours, arrived, "every frame around the bad one arrives, in order");
        } else {
            // the bytes still parse as some RigFrame: it arrives in place and the content checks downstream judge it
            FRAMES.accepted();
            assertEquals(0, counters.rejected());
            assertEquals(5, arrived.size());
            arrived.remove(bad);
            assertEquals(neighbours, arrived);
        }
        assertTrue(in.isActive(), "a bad frame body does not cost the connection");
        in.finishAndReleaseAll();
    }

    @Property(tries = 1000, seed = "6060302")
    void arbitraryBytesNeverEscapeThePipeline(@ForAll("streams") byte[] stream) {
        RigCodecCounters counters = new RigCodecCounters();
        EmbeddedChannel in = channel(counters);
        try {
            in.writeInbound(Unpooled.wrappedBuffer(stream));
            in.checkException();
        } catch (Throwable t) {
            throw STREAM.crash(t);
        }
        if (counters.rejected() > 0) {
            STREAM.rejected(counters.lastRejection().replaceAll("starting .*", "").replaceAll("\\(.*\\)", "(…)"));
        } else {
            STREAM.accepted();
        }
        in.finishAndReleaseAll();
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<byte[]> framed = Mutation.some().map(m -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 1; i <= 3; i++) {
                ByteBuf buf = lengthPrefixed(start(i).toByteArray());
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                buf.release();
                out.writeBytes(bytes);
            }
            return Mutation.applyAll(out.toByteArray(), m);
        });
        return Arbitraries.oneOf(framed, Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    }

    @Example
    void aLengthPrefixOfTwoGigabytesIsACorruptLengthThatClosesTheConnectionWithoutAllocatingIt() {
        for (int length : new int[]{Integer.MAX_VALUE, -1, MAX * 16 + 1}) {
            RigCodecCounters counters = new RigCodecCounters();
            EmbeddedChannel in = channel(counters);
            ByteBuf huge = Unpooled.buffer();
            huge.writeInt(length);
            huge.writeBytes(start(1).toByteArray());
            in.writeInbound(huge);
            assertEquals(1, counters.rejected(), counters.toString());
            assertTrue(counters.lastRejection().contains("corrupt length field"), counters.lastRejection());
            assertFalse(in.isActive(), "the client reconnects and resumes by seq: nothing is swallowed unseen");
            assertNull(in.readInbound());
            STREAM.rejected(counters.lastRejection().replaceAll("\\(.*\\)", "(…)"));
            in.finishAndReleaseAll();
        }
    }

    @Example
    void aFrameSomewhatOverTheMaximumIsSkippedAndTheNextFrameArrives() {
        RigCodecCounters counters = new RigCodecCounters();
        EmbeddedChannel in = channel(counters);
        in.writeInbound(lengthPrefixed(new byte[MAX * 16]));
        in.writeInbound(lengthPrefixed(start(5).toByteArray()));
        assertEquals(start(5), in.readInbound());
        assertEquals(1, counters.rejected());
        assertTrue(counters.lastRejection().contains("longer than the maximum"), counters.lastRejection());
        assertTrue(in.isActive());
        STREAM.rejected(counters.lastRejection().replaceAll("\\(.*\\)", "(…)"));
        in.finishAndReleaseAll();
    }
}

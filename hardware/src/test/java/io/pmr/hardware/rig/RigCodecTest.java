package io.pmr.hardware.rig;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pmr.proto.v1.RigEventKind;
import io.pmr.proto.v1.RigFrame;
import io.pmr.proto.v1.RigHubVariant;
import io.pmr.proto.v1.RigObservationStart;
import io.pmr.proto.v1.RigTick;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RigCodecTest {
    private static final int MAX = 1_024;

    private final RigCodecCounters counters = new RigCodecCounters();

    private EmbeddedChannel channel() {
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

    @Test
    void framesRoundTripThroughEncoderAndDecoder() {
        EmbeddedChannel out = channel();
        EmbeddedChannel in = channel();
        RigFrame tick = RigFrame.newBuilder().setSeq(2).setTick(RigTick.newBuilder().setNowEpochNanos(99)).build();
        out.writeOutbound(start(1), tick);
        ByteBuf wire;
        while ((wire = out.readOutbound()) != null) {
            in.writeInbound(wire);
        }
        assertEquals(start(1), in.readInbound());
        assertEquals(tick, in.readInbound());
        assertEquals(0, counters.rejected());
    }

    @Test
    void garbageFrameIsCountedAndSkippedAndTheNextFrameStillCounts() {
        EmbeddedChannel in = channel();
        in.writeInbound(lengthPrefixed(new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02}));
        in.writeInbound(lengthPrefixed(start(3).toByteArray()));

        assertEquals(start(3), in.readInbound());
        assertNull(in.readInbound());
        assertEquals(1, counters.rejected());
        assertTrue(counters.lastRejection().contains("is not a RigFrame"), counters.lastRejection());
        assertTrue(in.isActive(), "a bad frame does not cost the connection");
    }

    @Test
    void oversizedFrameIsCountedAndSkippedAndTheNextFrameStillCounts() {
        EmbeddedChannel in = channel();
        in.writeInbound(lengthPrefixed(new byte[MAX + 1]));
        in.writeInbound(lengthPrefixed(start(4).toByteArray()));

        assertEquals(start(4), in.readInbound());
        assertEquals(1, counters.rejected());
        assertTrue(counters.lastRejection().contains("longer than the maximum of " + MAX + " bytes"), counters.lastRejection());
        assertTrue(in.isActive());
    }
}

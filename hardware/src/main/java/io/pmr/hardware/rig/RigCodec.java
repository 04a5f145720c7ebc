package io.pmr.hardware.rig;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.TooLongFrameException;
import io.pmr.proto.v1.RigFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.util.List;

/**
 * The rig protocol's framing: a 4-byte big-endian length, then a serialized {@link RigFrame}. A frame
 * longer than the maximum, or one that does not parse, is a counted and logged rejection and is
 * skipped; the frames after it still count. Only a corrupt length field (the stream can no longer be
 * cut into frames) closes the connection, which the client then re-opens and resumes by seq.
 */
final class RigCodec {
    private static final Logger LOG = LoggerFactory.getLogger(RigCodec.class);
    private static final int LENGTH_BYTES = 4;

    private RigCodec() {
    }

    /**
     * Adds the framing, parsing and rejection handlers at the head of the pipeline. Outbound, the pipeline
     * accepts {@link RigFrame}s and already serialized frames as {@link ByteBuf}s.
     */
    static void install(ChannelPipeline pipeline, int maxFrameBytes, RigCodecCounters counters) {
        if (maxFrameBytes < 16) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 16, got " + maxFrameBytes);
        }
        pipeline.addLast("frames", new Frames(maxFrameBytes));
        pipeline.addLast("length", new LengthFieldPrepender(LENGTH_BYTES));
        pipeline.addLast("encode", new Encoder());
        pipeline.addLast("decode", new Decoder(counters));
        pipeline.addLast("rejections", new Rejections(counters, maxFrameBytes));
    }

    /** Serializes a frame into its bytes (without length), as the journal keeps them. */
    static byte[] bytes(RigFrame frame) {
        return frame.toByteArray();
    }

    /**
     * Length-prefixed framing that skips a frame somewhat over the maximum but takes a length field beyond
     * {@link #SKIPPABLE_FRAMES} maximum frames (a 2 GB prefix, or any with the top bit set) for corruption: skipping it
     * would swallow, uncounted, every frame for gigabytes after it on a connection that looks healthy, while closing
     * lets the client reconnect and resume by seq, losing nothing.
     */
    private static final class Frames extends LengthFieldBasedFrameDecoder {
        static final long SKIPPABLE_FRAMES = 16;
        private final long corruptBeyondBytes;

        Frames(int maxFrameBytes) {
            super(maxFrameBytes + LENGTH_BYTES, 0, LENGTH_BYTES, 0, LENGTH_BYTES, true);
            this.corruptBeyondBytes = maxFrameBytes * SKIPPABLE_FRAMES;
        }

        @Override
        protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
            long frameLength = super.getUnadjustedFrameLength(buf, offset, length, order);
            if (frameLength > corruptBeyondBytes) {
                buf.skipBytes(buf.readableBytes()); // the stream can no longer be cut into frames; the channel closes
                throw new CorruptedFrameException("length field " + frameLength + " is beyond " + corruptBeyondBytes
                        + " bytes (" + SKIPPABLE_FRAMES + " maximum frames)");
            }
            return frameLength;
        }
    }

    @ChannelHandler.Sharable
    private static final class Encoder extends MessageToMessageEncoder<RigFrame> {
        Encoder() {
            super(RigFrame.class);
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, RigFrame frame, List<Object> out) {
            out.add(Unpooled.wrappedBuffer(frame.toByteArray()));
        }
    }

    private static final class Decoder extends MessageToMessageDecoder<ByteBuf> {
        private final RigCodecCounters counters;

        Decoder(RigCodecCounters counters) {
            super(ByteBuf.class);
            this.counters = counters;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
            int length = bytes.readableBytes();
            try {
                out.add(RigFrame.parseFrom(bytes.nioBuffer()));
            } catch (InvalidProtocolBufferException e) {
                String reason = "frame of " + length + " bytes from " + ctx.channel().remoteAddress()
                        + " is not a RigFrame (" + e.getMessage() + "), starting "
                        + ByteBufUtil.hexDump(bytes, bytes.readerIndex(), Math.min(16, length)) + "; skipped";
                counters.reject(reason);
                LOG.warn("rig protocol: {}", reason);
            }
        }
    }

    private static final class Rejections extends ChannelInboundHandlerAdapter {
        private final RigCodecCounters counters;
        private final int maxFrameBytes;

        Rejections(RigCodecCounters counters, int maxFrameBytes) {
            this.counters = counters;
            this.maxFrameBytes = maxFrameBytes;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            if (root instanceof TooLongFrameException) {
                String reason = "frame from " + ctx.channel().remoteAddress() + " longer than the maximum of "
                        + maxFrameBytes + " bytes (" + root.getMessage() + "); skipped";
                counters.reject(reason);
                LOG.warn("rig protocol: {}", reason);
                return;
            }
            if (root instanceof CorruptedFrameException) {
                String reason = "corrupt length field from " + ctx.channel().remoteAddress() + " ("
                        + root.getMessage() + "); connection closed";
                counters.reject(reason);
                LOG.warn("rig protocol: {}", reason);
                ctx.close();
                return;
            }
            ctx.fireExceptionCaught(cause);
        }
    }
}

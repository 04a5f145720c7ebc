package io.pmr.hardware.rig;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.pmr.hardware.CommandListener;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.SimulatedResponder;
import io.pmr.proto.v1.RigControlApplied;
import io.pmr.proto.v1.RigError;
import io.pmr.proto.v1.RigFrame;
import io.pmr.proto.v1.RigHello;
import io.pmr.proto.v1.RigHubCommandResponse;
import io.pmr.proto.v1.RigWelcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client connection to the {@link RigServer}. Its first frame decides what it is: a {@link RigHello}
 * to observe a region's journal or to send commands, or a control frame.
 *
 * <p>Streaming writes only while the channel is writable and continues on
 * {@link #channelWritabilityChanged}, so a slow client makes the rig wait rather than buffer the month.
 * Every method runs on the channel's event loop.
 */
final class RigServerConnection extends SimpleChannelInboundHandler<RigFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(RigServerConnection.class);
    private static final int FRAMES_PER_BATCH = 256;

    private final RigServer server;
    private final long number;
    private ChannelHandlerContext context;
    private RigJournal journal;
    private SimulatedResponder responder;
    private SplittableRandom random;
    private long nextSeq;
    private long writtenHere;
    private long ackedSeq;
    private ByteBuf held;
    private boolean pumpScheduled;
    private boolean finished;

    RigServerConnection(RigServer server, long number) {
        this.server = server;
        this.number = number;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        context = ctx;
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RigFrame frame) {
        switch (frame.getBodyCase()) {
            case HELLO -> hello(ctx, frame.getHello());
            case ACK -> ackedSeq = Math.max(ackedSeq, frame.getAck().getThroughSeq());
            case COMMAND -> command(ctx, frame);
            case CONTROL -> {
                String summary;
                try {
                    summary = server.apply(frame.getControl());
                } catch (IllegalArgumentException e) {
                    refuse(ctx, e.getMessage());
                    return;
                }
                ctx.writeAndFlush(RigFrame.newBuilder()
                        .setControlApplied(RigControlApplied.newBuilder().setSummary(summary)).build());
            }
            default -> refuse(ctx, "unexpected frame " + frame.getBodyCase() + " from a client");
        }
    }

    private void hello(ChannelHandlerContext ctx, RigHello hello) {
        if (journal != null || responder != null) {
            refuse(ctx, "a second hello on one connection");
            return;
        }
        Region region;
        try {
            region = Region.parse(hello.getRegion());
        } catch (IllegalArgumentException e) {
            refuse(ctx, e.getMessage());
            return;
        }
        if (hello.getPurpose() == RigHello.Purpose.COMMANDS) {
            responder = server.newResponder(region, number);
            responder.attach(new Responses(ctx));
            ctx.writeAndFlush(RigFrame.newBuilder().setWelcome(RigWelcome.newBuilder().setRegion(region.name())
                    .setClockEpochNanos(io.pmr.hardware.TimeSource.system().epochNanos())).build());
            LOG.info("rig connection {} from {}: commands for {}", number, ctx.channel().remoteAddress(), region);
            return;
        }
        RigJournal served = server.journal(region);
        if (served == null) {
            refuse(ctx, "region " + region + " is not served by this rig");
            return;
        }
        long from = Math.max(1, hello.getResumeFromSeq());
        if (from > served.size() + 1L) {
            refuse(ctx, "resume_from_seq " + from + " is past the end of the " + region + " journal (" + served.size() + ")");
            return;
        }
        journal = served;
        nextSeq = from;
        random = new SplittableRandom(server.faults().seed() * 1_000_003L + number);
        server.observing(ctx.channel());
        ctx.writeAndFlush(RigFrame.newBuilder().setWelcome(RigWelcome.newBuilder().setRegion(region.name())
                .setClockEpochNanos(served.startEpochNanos()).setLastSeq(served.size())
                .setWholeSimulation(served.wholeSimulation())).build());
        LOG.info("rig connection {} from {}: observing {} from seq {} of {}", number, ctx.channel().remoteAddress(),
                region, from, served.size());
        pump();
    }

    private void command(ChannelHandlerContext ctx, RigFrame frame) {
        EventKind kind = RigFrames.kind(frame.getCommand().getKind());
        if (responder == null || kind == null) {
            String reason = "command " + frame.getCommand().getCommandId() + " from " + ctx.channel().remoteAddress()
                    + (responder == null ? " before a COMMANDS hello" : " with unknown kind " + frame.getCommand().getKindValue())
                    + "; ignored";
            server.codecCounters().reject(reason);
            LOG.warn("rig: {}", reason);
            return;
        }
        responder.send(frame.getCommand().getCommandId(), kind);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (journal != null && ctx.channel().isWritable()) {
            pump();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (responder != null) {
            server.responderClosed(responder);
        }
        if (journal != null) {
            LOG.info("rig connection {} closed at seq {} of {} (client acked through {})", number, nextSeq - 1,
                    journal.size(), ackedSeq);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("rig connection {} from {}: {}; closing", number, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void refuse(ChannelHandlerContext ctx, String message) {
        server.codecCounters().reject(message);
        LOG.warn("rig connection {} from {} refused: {}", number, ctx.channel().remoteAddress(), message);
        ctx.writeAndFlush(RigFrame.newBuilder().setError(RigError.newBuilder().setMessage(message)).build())
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Writes journal frames while the channel is writable, a batch at a time, applying the faults in force. */
    private void pump() {
        pumpScheduled = false;
        if (finished || !context.channel().isActive()) {
            return;
        }
        RigFaultOptions faults = server.faults();
        int batch = 0;
        while (nextSeq <= journal.size() && batch < FRAMES_PER_BATCH && context.channel().isWritable()) {
            writeWithFaults(faults, nextSeq++);
            batch++;
            if (faults.dropLinkEveryFrames() > 0 && writtenHere >= faults.dropLinkEveryFrames()) {
                LOG.info("rig connection {}: dropping the link after {} frames (fault option)", number, writtenHere);
                server.countDropped();
                finished = true;
                context.flush();
                context.close();
                return;
            }
        }
        if (nextSeq > journal.size() && held != null) {
            write(held, false);
            held = null;
        }
        context.flush();
        if (nextSeq > journal.size()) {
            finished = true;
            LOG.info("rig connection {}: whole {} journal sent", number, journal.region());
            return;
        }
        if (context.channel().isWritable()) {
            schedulePump(faults);
        }
        // else: channelWritabilityChanged resumes
    }

    private void schedulePump(RigFaultOptions faults) {
        if (pumpScheduled) {
            return;
        }
        pumpScheduled = true;
        if (faults.delay().isZero()) {
            context.executor().execute(this::pump);
        } else {
            context.executor().schedule(this::pump, faults.delay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void writeWithFaults(RigFaultOptions faults, long seq) {
        ByteBuf frame = journal.frame(seq);
        if (held != null) {
            write(frame, false);
            write(held, false);
            held = null;
        } else if (seq < journal.size() && faults.reorderProbability() > 0 && random.nextDouble() < faults.reorderProbability()) {
            held = frame;
            server.countReordered();
        } else {
            write(frame, false);
        }
        if (faults.duplicateProbability() > 0 && random.nextDouble() < faults.duplicateProbability()) {
            write(journal.frame(seq), true);
        }
    }

    private void write(ByteBuf frame, boolean duplicate) {
        writtenHere++;
        server.countWritten(duplicate);
        context.write(frame, context.voidPromise());
    }

    /** Writes the responder's responses to the connection; any thread (Netty hands the write to the loop). */
    private static final class Responses implements CommandListener {
        private final ChannelHandlerContext ctx;

        Responses(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void onResponse(long commandId, long responseEpochNanos, boolean success) {
            ctx.writeAndFlush(RigFrame.newBuilder().setCommandResponse(RigHubCommandResponse.newBuilder()
                    .setCommandId(commandId).setResponseEpochNanos(responseEpochNanos).setSuccess(success)).build(),
                    ctx.voidPromise());
        }
    }
}

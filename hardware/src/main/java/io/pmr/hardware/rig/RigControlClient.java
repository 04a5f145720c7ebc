package io.pmr.hardware.rig;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.pmr.proto.v1.RigControl;
import io.pmr.proto.v1.RigFrame;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Sends one fault command to a rig ({@code pmr rig fault}) and returns the rig's reply. */
public final class RigControlClient {
    private RigControlClient() {
    }

    /**
     * Connects, sends the control frame, waits for the rig to confirm, disconnects.
     *
     * @return the rig's summary of the faults now in force
     * @throws IllegalStateException when the rig cannot be reached, refuses or does not answer in time
     */
    public static String send(RigAddress address, RigControl control, Duration timeout) {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<String> reply = new CompletableFuture<>();
        try {
            Channel channel = RigClients.connect(loop, address, timeout, new RigCodecCounters(),
                    () -> new SimpleChannelInboundHandler<RigFrame>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, RigFrame frame) {
                            if (frame.hasControlApplied()) {
                                reply.complete(frame.getControlApplied().getSummary());
                            } else if (frame.hasError()) {
                                reply.completeExceptionally(new IllegalStateException("rig " + address + " refused "
                                        + control.getAction() + ": " + frame.getError().getMessage()));
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            reply.completeExceptionally(new IllegalStateException("rig " + address
                                    + " closed the connection without confirming " + control.getAction()));
                        }
                    });
            channel.writeAndFlush(RigFrame.newBuilder().setControl(control).build());
            try {
                return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } finally {
                channel.close();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IllegalStateException ise ? ise : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("rig " + address + " did not confirm " + control.getAction() + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + control.getAction() + " to " + address, e);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}

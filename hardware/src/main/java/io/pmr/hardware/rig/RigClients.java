package io.pmr.hardware.rig;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.time.Duration;
import java.util.function.Supplier;

/** Opening a client connection that speaks the rig protocol. */
final class RigClients {
    private RigClients() {
    }

    /**
     * Connects and waits for the TCP connection (not for any reply).
     *
     * @throws IllegalStateException when the connection fails or times out
     */
    static Channel connect(EventLoopGroup loop, RigAddress address, Duration timeout, RigCodecCounters counters,
                           Supplier<ChannelHandler> handler) {
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        RigCodec.install(ch.pipeline(), RigFrames.DEFAULT_MAX_FRAME_BYTES, counters);
                        ch.pipeline().addLast("client", handler.get());
                    }
                });
        var future = bootstrap.connect(address.host(), address.port()).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IllegalStateException("cannot connect to the rig at " + address + ": " + future.cause().getMessage(), future.cause());
        }
        return future.channel();
    }
}

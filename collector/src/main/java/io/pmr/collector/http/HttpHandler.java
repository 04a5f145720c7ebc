package io.pmr.collector.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the event loop: copies the request off Netty's buffers and hands it to a worker; the worker's response is written
 * back from there (Netty queues writes onto the loop). A handler failure is a counted, logged 500 and the connection
 * keeps serving; a full worker queue is 503. Tells {@link ConnectionDeadline} when a request has arrived and when its
 * response has been handed over.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpHandler.class);

    private final Routes routes;
    private final Executor workers;
    private final ApiCounters counters;

    HttpHandler(Routes routes, Executor workers, ApiCounters counters) {
        this.routes = routes;
        this.workers = workers;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        ctx.pipeline().fireUserEventTriggered(ConnectionDeadline.REQUEST_RECEIVED);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            write(ctx, ApiResponse.error(400, "malformed HTTP request"), false);
            return;
        }
        QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
        Map<String, String> query = new HashMap<>();
        String path;
        try {
            // Netty decodes lazily and throws on a bad %-escape; thrown here it would close the connection unanswered
            path = decoder.path();
            for (Map.Entry<String, List<String>> parameter : decoder.parameters().entrySet()) {
                query.put(parameter.getKey(), parameter.getValue().get(0));
            }
        } catch (IllegalArgumentException e) {
            write(ctx, ApiResponse.error(400, "malformed URL: " + e.getMessage()), false);
            return;
        }
        ApiRequest copy = new ApiRequest(request.method().name(), path, Map.copyOf(query),
                request.headers().get(HttpHeaderNames.AUTHORIZATION), ByteBufUtil.getBytes(request.content()));
        try {
            workers.execute(() -> write(ctx, answer(copy), keepAlive));
        } catch (RejectedExecutionException e) {
            write(ctx, ApiResponse.error(503, "the API is busy; retry later").withHeader("Retry-After", "1"), false);
        }
    }

    private ApiResponse answer(ApiRequest request) {
        try {
            ApiResponse response = routes.handle(request);
            LOG.debug("{} {} -> {}", request.method(), request.path(), response.status());
            return response;
        } catch (RuntimeException e) {
            counters.failed();
            LOG.error("{} {} failed", request.method(), request.path(), e);
            return ApiResponse.error(500, "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), Map.of("path", request.path()));
        }
    }

    private static void write(ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        response.headers().forEach(http.headers()::set);
        if (keepAlive) {
            HttpUtil.setKeepAlive(http, true);
            ctx.writeAndFlush(http);
            ctx.pipeline().fireUserEventTriggered(ConnectionDeadline.RESPONSE_SENT);
        } else {
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

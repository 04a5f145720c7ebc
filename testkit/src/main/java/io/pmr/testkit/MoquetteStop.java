package io.pmr.testkit;

import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;

/**
 * Makes a test's Moquette 0.17 broker stop in milliseconds instead of two seconds: Moquette's own stop calls Netty's
 * {@code shutdownGracefully()}, whose quiet period waits 2 s for tasks that no longer come, on every stop (so every
 * broker a test starts costs 2 s at its end). Called just before {@code Server.stopServer()}, this shuts the acceptor's
 * boss and worker groups down with no quiet period (every queued task still runs, every channel is closed), as the
 * collector's embedded broker does ({@code io.pmr.collector.broker.AcceptorLoops}). By reflection only, so the testkit
 * depends on neither library; if Moquette's fields move, it throws, and the fixture's test fails loudly.
 */
public final class MoquetteStop {
    private MoquetteStop() {
    }

    /** Starts the shutdown of {@code server}'s event loops ({@code io.moquette.broker.Server}); returns at once. */
    public static void shutDownLoops(Object server) {
        try {
            Object acceptor = field(server, "acceptor");
            for (String name : new String[] {"bossGroup", "workerGroup"}) {
                Object group = field(acceptor, name);
                group.getClass().getMethod("shutdownGracefully", long.class, long.class, TimeUnit.class)
                        .invoke(group, 0L, 2L, TimeUnit.SECONDS);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach Moquette's event loops", e);
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }
}

package io.pmr.collector.broker;

import io.moquette.broker.Server;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shuts a Moquette 0.17 server's Netty event loops (its acceptor's boss and worker groups) down without a quiet period,
 * just before {@code stopServer}. Moquette's own close calls {@code shutdownGracefully()}, whose quiet period waits two
 * seconds for tasks that no longer come: every stop, and so every restart by {@link BrokerWatchdog}, cost 2 s of
 * nothing. A zero quiet period still runs every task already queued and closes every channel, as the project's other
 * Netty servers do ({@code ApiServer}, {@code RigServer}); the clients see their connection close either way. The
 * groups are read from private fields (Moquette offers no accessor); should an update move them, this logs and does
 * nothing, and the stop takes its two seconds again.
 */
final class AcceptorLoops {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptorLoops.class);
    /** Bounds the wait of {@code stopServer}'s own await for the groups' termination. */
    private static final long TIMEOUT_SECONDS = 2;

    private AcceptorLoops() {
    }

    /**
     * Starts the shutdown of {@code server}'s boss and worker groups with no quiet period; returns at once. True when
     * both groups were found, false (logged) when Moquette's fields moved.
     */
    static boolean shutDownNow(Server server) {
        try {
            Object acceptor = SessionLoops.field(server, "acceptor");
            int found = 0;
            for (String name : new String[] {"bossGroup", "workerGroup"}) {
                if (SessionLoops.field(acceptor, name) instanceof EventLoopGroup group) {
                    group.shutdownGracefully(0, TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    found++;
                }
            }
            if (found == 2) {
                return true;
            }
            LOG.warn("Moquette's acceptor has {} of its 2 event loop groups; its stop waits Netty's 2 s quiet period", found);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Cannot read Moquette's event loops ({}); its stop waits Netty's 2 s quiet period", e.toString());
        }
        return false;
    }
}

package io.pmr.collector.broker;

import io.moquette.broker.Server;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the session loop threads of a started Moquette 0.17 server. Moquette does not expose them: they are read from
 * its private fields ({@code Server.dispatcher -> PostOffice.sessionLoops -> SessionEventLoopGroup.sessionExecutors}),
 * which names exactly this server's threads even when several brokers share a JVM (tests). Should a Moquette update
 * move those fields, the fallback is the live threads named {@code Session Executor N} that did not exist before the
 * start (exact unless two brokers start at the same moment in one JVM).
 */
final class SessionLoops {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLoops.class);
    static final String THREAD_NAME_PREFIX = "Session Executor";

    private SessionLoops() {
    }

    /** Live threads named like Moquette's session loops, taken just before a start. */
    static Set<Thread> liveByName() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(THREAD_NAME_PREFIX))
                .collect(Collectors.toSet());
    }

    /** The session loop threads {@code server} started; {@code before} is {@link #liveByName()} before its start. */
    static List<Thread> of(Server server, Set<Thread> before) {
        try {
            Object postOffice = field(server, "dispatcher");
            Object group = field(postOffice, "sessionLoops");
            Object executors = field(group, "sessionExecutors");
            if (executors instanceof Thread[] threads && threads.length > 0) {
                return List.of(threads);
            }
            LOG.warn("Moquette's session loops read as {}; falling back to thread names", executors);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Cannot read Moquette's session loops ({}); falling back to thread names", e.toString());
        }
        List<Thread> started = new ArrayList<>(liveByName());
        started.removeAll(before);
        return List.copyOf(started);
    }

    /** A private field of one of Moquette's objects, by reflection (Moquette offers no accessor). */
    static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }
}

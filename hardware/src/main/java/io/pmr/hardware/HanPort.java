package io.pmr.hardware;

/**
 * The agent's view of one HAN interface (a test rig's, or a gateway's tap): it reports starts and ends
 * of events to a listener. A port serves one region.
 */
public interface HanPort extends AutoCloseable {

    /** The region whose hubs this port sees. */
    Region region();

    /**
     * Attaches the listener that receives every observation from now on. At most one listener.
     *
     * @throws IllegalStateException if a listener is already attached
     */
    void attach(HanListener listener);

    /** The clock whose readings the observations carry. */
    TimeSource timeSource();

    @Override
    void close();
}

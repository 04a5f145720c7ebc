package io.pmr.collector.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moquette.broker.Server;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick stop reaches a real Moquette's event loops (a Moquette update moving its fields would bring the 2 s quiet
 * period back at every stop, which only this test would notice), and a broker stopped so binds its port again.
 */
@Timeout(60)
class AcceptorLoopsTest {
    @TempDir
    Path dir;

    @Test
    void theAcceptorsBossAndWorkerGroupsAreFoundAndTheRestartedBrokerBindsTheSamePort() {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, 1024, 1 << 20, dir)) {
            int port = broker.port();
            SamePortRestart.of(broker); // stops through AcceptorLoops, then binds the same port
            assertEquals(port, broker.port());
        }
        Server started = new Server();
        try {
            started.startServer(new io.moquette.broker.config.MemoryConfig(properties()));
            assertTrue(AcceptorLoops.shutDownNow(started), "Moquette 0.17's acceptor groups reached");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            started.stopServer();
        }
    }

    @Test
    void aServerWithoutAnAcceptorIsLeftToItsOwnStop() {
        assertFalse(AcceptorLoops.shutDownNow(new Server()), "never started: no acceptor, nothing done");
    }

    private java.util.Properties properties() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("host", "127.0.0.1");
        properties.setProperty("port", "0");
        properties.setProperty("websocket_port", "disabled");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("data_path", dir.toString());
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("allow_anonymous", "true");
        return properties;
    }
}

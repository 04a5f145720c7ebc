package io.pmr.launcher;

import io.pmr.collector.store.StoreLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An address a command is told to listen on that another socket holds is a usage error naming the address (exit 2,
 * one line, no stack trace), not an internal error; what the command had started is closed (the collector's store
 * lock is free again). The port is held by a socket of this test for the whole run, so the failure is certain.
 */
class AddressInUseTest {
    private final CliRun cli = new CliRun();

    @Test
    void aCollectorWhoseBrokerPortIsHeldRefusesToStartNamingIt(@TempDir Path dir) throws IOException {
        try (ServerSocket held = holdEphemeralPort()) {
            int port = held.getLocalPort();
            Path db = dir.resolve("pmr.db");
            assertEquals(2, cli.run("collector", "--db", db.toString(), "--port", Integer.toString(port)), cli.err());
            assertRefusedNaming("127.0.0.1:" + port);
            // the store it opened was closed and its lock released: another collector may take it
            StoreLock.acquire(db, Instant.EPOCH).close();
        }
    }

    @Test
    void aCollectorWhoseHttpAddressIsHeldRefusesToStartNamingIt(@TempDir Path dir) throws IOException {
        try (ServerSocket held = holdEphemeralPort()) {
            String address = "127.0.0.1:" + held.getLocalPort();
            Path db = dir.resolve("pmr.db");
            assertEquals(2, cli.run("collector", "--db", db.toString(), "--port", "0", "--http", address), cli.err());
            assertRefusedNaming(address);
            StoreLock.acquire(db, Instant.EPOCH).close();
        }
    }

    @Test
    void aRigWhoseListenAddressIsHeldRefusesToStartNamingIt(@TempDir Path dir) throws IOException {
        try (ServerSocket held = holdEphemeralPort()) {
            String address = "127.0.0.1:" + held.getLocalPort();
            assertEquals(2, cli.run("rig", "--listen", address, "--hubs", "10", "--period", "2020-09",
                    "--truth", dir.resolve("truth.json").toString()), cli.err());
            assertRefusedNaming(address);
        }
    }

    private void assertRefusedNaming(String address) {
        String err = cli.err();
        assertTrue(err.contains(address) && err.contains("Address already in use"), err);
        assertFalse(err.contains("internal error"), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }

    private static ServerSocket holdEphemeralPort() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }
}

package io.pmr.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A data dir the agent cannot open (here a regular file where the folder should be) is the operator's to fix, not a
 * bug: {@code pmr agent} refuses to start with exit 4 and one line naming the folder and why, no stack trace.
 */
class AgentDataDirRefusedTest {

    @Test
    void tailingATraceLogAFileWhereTheDataDirShouldBeIsRefusedWithExitFourNamingIt(@TempDir Path dir) throws Exception {
        Path log = Files.write(dir.resolve("trace.csv"), List.of("message_id,direction,kind,device,region,timestamp"));
        assertRefused(dir, "--tap", log.toString());
    }

    @Test
    void onTheSimulatedRigAFileWhereTheDataDirShouldBeIsRefusedWithExitFourNamingIt(@TempDir Path dir)
            throws Exception {
        assertRefused(dir, "--hubs", "3");
    }

    private static void assertRefused(Path dir, String... mode) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("agent-data"), "a file, not a folder\n");
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> args = new java.util.ArrayList<>(List.of("agent", "--region", "north",
                    "--broker", "tcp://127.0.0.1:" + silent.getLocalPort(), "--data-dir", notAFolder.toString()));
            args.addAll(List.of(mode));
            CliRun cli = new CliRun();
            // System.err is where the command reports; captured for this run only.
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            java.io.PrintStream saved = System.err;
            int code;
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                code = cli.run(args.toArray(new String[0]));
            } finally {
                System.setErr(saved);
            }
            String said = cli.err() + err.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(ExitCode.DATA_DIR_REFUSED.code(), code, said);
            assertTrue(said.contains("refusing to start") && said.contains(notAFolder.toString()), said);
            assertFalse(said.contains("internal error") || said.contains("\tat "), "no stack trace: " + said);
        }
    }
}

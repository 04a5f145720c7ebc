package io.pmr.launcher;

import io.pmr.collector.security.CredentialsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialsCommandTest {

    @Test
    void addsAnAgentFromAPasswordFileAndRefusesIdsOutsideThePattern(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("passwd");
        Path password = Files.writeString(dir.resolve("north.pw"), "n0rth-secret\n");
        assertEquals(0, Pmr.commandLine().execute("credentials", "add", "--file", file.toString(),
                "--id", "agent-north", "--password-file", password.toString()));
        assertTrue(CredentialsFile.load(file).verify("agent-north", "n0rth-secret".getBytes(StandardCharsets.UTF_8)));
        assertFalse(Files.readString(file).contains("n0rth-secret"));
        for (String bad : new String[] {"a+b", "a#", "a/b"}) {
            assertEquals(2, Pmr.commandLine().execute("credentials", "add", "--file", file.toString(),
                    "--id", bad, "--password-file", password.toString()), bad);
        }
        assertEquals(1, CredentialsFile.load(file).size());
    }
}

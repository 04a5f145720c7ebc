package io.pmr.collector.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordHashTest {
    /** Written by Debian's {@code mosquitto_passwd -b pw agent-north s3cret} (Mosquitto 2.0.11). */
    private static final String MOSQUITTO_LINE = "agent-north:$7$101$BH9s0DHr3E/3AkDG$KAl+GLq9shbfVotRJfCmgu+P5k/"
            + "itXCLOBQOxMh1dKYAW0sgEvuduo2+Dd3eP0O5SHSdr/Xb1FNslzrT69/Qqg==";

    @Test
    void verifiesAHashWrittenByMosquittoPasswd(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("passwd");
        Files.writeString(file, "# a comment\n\n" + MOSQUITTO_LINE + "\n");
        CredentialsFile credentials = CredentialsFile.load(file);
        assertTrue(credentials.verify("agent-north", "s3cret".getBytes(StandardCharsets.UTF_8)));
        assertFalse(credentials.verify("agent-north", "s3cret ".getBytes(StandardCharsets.UTF_8)));
        assertFalse(credentials.verify("agent-south", "s3cret".getBytes(StandardCharsets.UTF_8)));
        assertFalse(credentials.verify("agent-north", new byte[0]));
    }

    @Test
    void writesHashesItReadsBackAndKeepsOtherUsers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("passwd");
        Files.writeString(file, MOSQUITTO_LINE + "\n");
        SecureRandom random = new SecureRandom();
        assertTrue(CredentialsFile.put(file, "agent-south", "päss-wörd".toCharArray(), random));
        assertFalse(CredentialsFile.put(file, "agent-north", "changed".toCharArray(), random));
        CredentialsFile credentials = CredentialsFile.load(file);
        assertEquals(2, credentials.size());
        assertTrue(credentials.verify("agent-south", "päss-wörd".getBytes(StandardCharsets.UTF_8)));
        assertTrue(credentials.verify("agent-north", "changed".getBytes(StandardCharsets.UTF_8)));
        assertFalse(credentials.verify("agent-north", "s3cret".getBytes(StandardCharsets.UTF_8)));
        assertFalse(Files.readString(file).contains("päss"), "the file holds hashes, not passwords");
    }

    @Test
    void aMalformedLineFailsTheLoadNamingTheLineNotItsContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("passwd");
        Files.writeString(file, MOSQUITTO_LINE + "\nagent-x:$6$plainsha512$abc\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CredentialsFile.load(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("agent-x"), e.getMessage());
        assertFalse(e.getMessage().contains("plainsha512"), e.getMessage());
    }

    @Test
    void aUserListedTwiceFailsTheLoad(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("passwd");
        Files.writeString(file, MOSQUITTO_LINE + "\n" + MOSQUITTO_LINE + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CredentialsFile.load(file));
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
    }

    @Test
    void toStringRedactsTheHash() {
        PasswordHash hash = PasswordHash.parse(MOSQUITTO_LINE.substring(MOSQUITTO_LINE.indexOf(':') + 1));
        assertFalse(hash.toString().contains("KAl+"), hash.toString());
        assertEquals(MOSQUITTO_LINE.substring(MOSQUITTO_LINE.indexOf(':') + 1), hash.format());
    }
}

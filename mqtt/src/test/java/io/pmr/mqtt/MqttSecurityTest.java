package io.pmr.mqtt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttSecurityTest {

    @Test
    void everyFileMustBeReadableAndTheMessageNamesTheField(@TempDir Path dir) throws Exception {
        Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
        Path pw = Files.writeString(dir.resolve("pw"), "secret-value\n");
        Path missing = dir.resolve("missing");
        assertMessageStarts("trustStore", () -> MqttSecurity.of(missing, pw, pw));
        assertMessageStarts("trustStorePasswordFile", () -> MqttSecurity.of(trust, missing, pw));
        assertMessageStarts("passwordFile", () -> MqttSecurity.of(trust, pw, null));
        assertMessageStarts("keyStorePasswordFile", () -> new MqttSecurity(trust, pw, trust, missing, pw));
        assertMessageStarts("keyStorePasswordFile", () -> new MqttSecurity(trust, pw, null, pw, pw));
    }

    @Test
    void thePasswordIsTheFirstLineAndAnEmptyOneIsRefused(@TempDir Path dir) throws Exception {
        Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
        Path pw = Files.writeString(dir.resolve("pw"), "secret-value\r\nsecond line\n");
        assertTrue(new String(MqttSecurity.of(trust, pw, pw).readPassword()).equals("secret-value"));
        Path empty = Files.writeString(dir.resolve("empty"), "\nsecret\n");
        assertMessageStarts("passwordFile", () -> MqttSecurity.of(trust, pw, empty).readPassword());
    }

    @Test
    void aBadTrustStoreFailsNamingItWithoutItsPassword(@TempDir Path dir) throws Exception {
        Path trust = Files.writeString(dir.resolve("trust.p12"), "not a key store");
        Path pw = Files.writeString(dir.resolve("pw"), "secret-value\n");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> MqttSecurity.of(trust, pw, pw).socketFactory());
        assertTrue(e.getMessage().startsWith("trustStore"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-value"), e.getMessage());
    }

    private static void assertMessageStarts(String field, org.junit.jupiter.api.function.Executable executable) {
        RuntimeException e = assertThrows(RuntimeException.class, executable);
        assertTrue(e.getMessage().startsWith(field), "message names " + field + ": " + e.getMessage());
    }
}

package io.pmr.launcher;

import io.pmr.collector.CollectorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityOptionsTest {

    @Test
    void noFlagsMeanNoSecurity(@TempDir Path dir) {
        CollectorSettings settings = parse(new CollectorSecurityOptions()).applyTo(CollectorSettings.builder()
                .databasePath(dir.resolve("pmr.db"))).build();
        assertNull(settings.brokerSecurity());
        assertNull(settings.externalBrokerSecurity());
        assertNull(parse(new AgentSecurityOptions()).security());
    }

    @Test
    void theEmbeddedBrokersFlagsMakeItsSecurity(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x\n");
        CollectorSettings settings = parse(new CollectorSecurityOptions(), "--tls-keystore", file.toString(),
                "--tls-keystore-password-file", file.toString(), "--credentials-file", file.toString())
                .applyTo(CollectorSettings.builder().databasePath(dir.resolve("pmr.db"))).build();
        assertNotNull(settings.brokerSecurity());
        assertEquals(file, settings.brokerSecurity().credentialsFile());
    }

    @Test
    void partialFlagsFailNamingWhatGoesTogether(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x\n");
        IllegalArgumentException collector = assertThrows(IllegalArgumentException.class,
                () -> parse(new CollectorSecurityOptions(), "--tls-keystore", file.toString())
                        .applyTo(CollectorSettings.builder().databasePath(dir.resolve("pmr.db"))));
        assertTrue(collector.getMessage().contains("--credentials-file"), collector.getMessage());
        IllegalArgumentException agent = assertThrows(IllegalArgumentException.class,
                () -> parse(new AgentSecurityOptions(), "--password-file", file.toString()).security());
        assertTrue(agent.getMessage().contains("--tls-truststore"), agent.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> parse(new AgentSecurityOptions(), "--tls-truststore", file.toString(),
                        "--tls-truststore-password-file", file.toString(), "--password-file",
                        dir.resolve("absent").toString()).security());
        assertTrue(missing.getMessage().startsWith("passwordFile"), missing.getMessage());
    }

    private static <T> T parse(T options, String... args) {
        new CommandLine(options).parseArgs(args);
        return options;
    }
}

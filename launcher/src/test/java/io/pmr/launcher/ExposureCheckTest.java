package io.pmr.launcher;

import io.pmr.collector.CollectorSettings;
import io.pmr.collector.http.HttpSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12: binding the broker or the HTTP API beyond loopback needs its security, or --insecure. */
class ExposureCheckTest {
    @TempDir
    Path dir;

    private CollectorSettings.Builder settings() {
        return CollectorSettings.builder().databasePath(dir.resolve("pmr.db"));
    }

    @Test
    void loopbackIsLoopbackAndWildcardsAreNot() {
        for (String host : List.of("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost")) {
            assertTrue(ExposureCheck.isLoopback(host), host);
        }
        for (String host : List.of("0.0.0.0", "::", "[::]", "192.0.2.7", "no-such-host.invalid")) {
            assertFalse(ExposureCheck.isLoopback(host), host);
        }
    }

    @Test
    void anOpenBrokerOrHttpApiBeyondLoopbackIsNamedWithWhatIsMissing() throws Exception {
        assertEquals(List.of(), ExposureCheck.exposures(settings().build()), "the defaults are loopback");
        assertEquals(List.of(), ExposureCheck.exposures(settings().embeddedHost("0.0.0.0")
                .externalBrokerUrl("tcp://mqtt.example:1883").build()), "no embedded broker to bind");

        List<String> broker = ExposureCheck.exposures(settings().embeddedHost("0.0.0.0").build());
        assertEquals(1, broker.size());
        assertTrue(broker.get(0).startsWith("--host 0.0.0.0 binds the embedded MQTT broker beyond loopback"),
                broker.get(0));
        assertTrue(broker.get(0).contains("--tls-keystore") && broker.get(0).contains("--credentials-file"));

        HttpSettings wide = HttpSettings.loopback().withAddress("0.0.0.0", 8080);
        List<String> http = ExposureCheck.exposures(settings().http(wide).build());
        assertEquals(1, http.size());
        assertTrue(http.get(0).startsWith("--http 0.0.0.0:8080 serves the HTTP API beyond loopback without a write"
                + " token (give --http-token-file)"), http.get(0));
        assertEquals(List.of(), ExposureCheck.exposures(settings().http(wide.withToken("0123456789abcdef-token"))
                .build()), "a token makes the HTTP API's writes safe to expose");

        Path file = Files.writeString(dir.resolve("f"), "x\n");
        CollectorSecurityOptions secured = new CollectorSecurityOptions();
        new CommandLine(secured).parseArgs("--tls-keystore", file.toString(), "--tls-keystore-password-file",
                file.toString(), "--credentials-file", file.toString());
        assertEquals(List.of(), ExposureCheck.exposures(secured.applyTo(settings().embeddedHost("0.0.0.0")).build()));
    }

    @Test
    void theCollectorRefusesToStartOpenBeyondLoopback() {
        String db = dir.resolve("pmr.db").toString();
        String[][] refused = {
                {"collector", "--db", db, "--port", "0", "--host", "0.0.0.0"},
                {"collector", "--db", db, "--port", "0", "--http", "0.0.0.0:0"}};
        for (String[] args : refused) {
            StringWriter err = new StringWriter();
            CommandLine cli = Pmr.commandLine();
            cli.setErr(new PrintWriter(err));
            assertEquals(2, cli.execute(args), String.join(" ", args) + ": " + err);
            String flag = args[args.length - 2];
            assertTrue(err.toString().contains("refusing to start: " + flag + " 0.0.0.0"), err.toString());
            assertTrue(err.toString().contains("--insecure"), err.toString());
        }
        assertFalse(Files.exists(dir.resolve("pmr.db")), "refused before the collector started");
    }
}

package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --config FILE}: the file's keys are the long option names; a flag on the command line wins over the file, the
 * file over the built-in default; an unknown key is an error naming file, line and key. Parsed as {@code pmr} parses,
 * without running the long-lived command.
 */
class ConfigFileTest {
    @TempDir
    Path dir;

    @AfterEach
    void restoreLogLevels() {
        System.clearProperty("org.slf4j.simpleLogger.log.io.pmr");
        System.clearProperty("org.slf4j.simpleLogger.log.io.pmr.launcher");
    }

    private Path file(String text) throws Exception {
        Path file = dir.resolve("pmr.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static <T> T parsed(Class<T> type, String... args) throws Exception {
        CommandLine cli = Pmr.commandLine();
        ConfigFile.install(cli, args);
        CommandLine.ParseResult result = cli.parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return type.cast(result.commandSpec().userObject());
    }

    @Test
    void theFileSetsWhatNoFlagGivesAndFlagsWin() throws Exception {
        Path config = file("""
                # the collector of the lab
                db = /var/lib/pmr/pmr.db
                port: 0
                http-max-connections = 17
                insecure = true
                """);
        CollectorCommand command = parsed(CollectorCommand.class, "collector", "--config", config.toString(),
                "--port", "2883");
        assertEquals(Path.of("/var/lib/pmr/pmr.db"), command.database.file(), "from the file");
        assertEquals(17, command.httpMaxConnections, "from the file, over the annotated default 256");
        assertTrue(command.insecure, "a flag's key set to true");
        assertEquals(2883, command.port, "the command line wins over the file");
        assertEquals("127.0.0.1", command.host, "neither: the built-in default");
    }

    @Test
    void aCollectorJoinsItsShareGroupFromTheFile() throws Exception {
        Path config = file("broker-url = tcp://mosquitto.lab:1883\nshared = pmr-collectors\nclient-id = collector-b\n");
        CollectorCommand command = parsed(CollectorCommand.class, "collector", "--config", config.toString());
        assertEquals("pmr-collectors", command.shared);
        assertEquals("collector-b", command.clientId);
        assertEquals("tcp://mosquitto.lab:1883", command.brokerUrl);
    }

    @Test
    void theAgentTakesItsMetricsAddressAndLogLevelFromTheFileInEitherSpelling() throws Exception {
        Path config = file("broker=tcp://127.0.0.1:1883\nregion=north\nmetrics=127.0.0.1:9464\nlog-level=debug\n");
        AgentCommand command = parsed(AgentCommand.class, "agent", "--config=" + config);
        assertEquals("tcp://127.0.0.1:1883", command.brokerUrl);
        assertEquals("127.0.0.1:9464", command.metrics);
        assertEquals("debug", command.run.logLevel);
        assertEquals("debug", System.getProperty("org.slf4j.simpleLogger.log.io.pmr"));
    }

    @Test
    void anUnknownKeyIsAnErrorNamingFileLineAndKey() throws Exception {
        Path config = file("db = pmr.db\n\n  dbb = typo.db\n");
        ConfigFile.ConfigException e = assertThrows(ConfigFile.ConfigException.class,
                () -> ConfigFile.install(Pmr.commandLine(), "collector", "--config", config.toString()));
        assertTrue(e.getMessage().startsWith(config + ":3: unknown key 'dbb': pmr collector has no --dbb"),
                e.getMessage());
        assertEquals(ExitCode.USAGE.code(), Pmr.execute("collector", "--config", config.toString()));
    }

    @Test
    void aMissingFileIsAUsageErrorNamingIt() {
        Path missing = dir.resolve("absent.properties");
        ConfigFile.ConfigException e = assertThrows(ConfigFile.ConfigException.class,
                () -> ConfigFile.install(Pmr.commandLine(), "agent", "--config", missing.toString()));
        assertTrue(e.getMessage().startsWith("--config " + missing + ": cannot read"), e.getMessage());
    }

    @Test
    void aBadLogLevelIsAUsageErrorAndAGoodOneSetsPmrsLoggers() throws Exception {
        assertEquals(ExitCode.USAGE.code(), Pmr.execute("collector", "--log-level", "loud"));
        assertNull(System.getProperty("org.slf4j.simpleLogger.log.io.pmr"));
        CollectorCommand command = parsed(CollectorCommand.class, "collector", "--log-level", "WARN");
        assertEquals("warn", command.run.logLevel);
        assertEquals("warn", System.getProperty("org.slf4j.simpleLogger.log.io.pmr.launcher"));
    }

    @Test
    void theKeysAreTheLongOptionNames() {
        var keys = ConfigFile.keys(Pmr.commandLine().getSubcommands().get("collector").getCommandSpec());
        assertTrue(keys.containsAll(java.util.List.of("db", "port", "http", "http-token-file", "log-level")), keys
                .toString());
        assertTrue(!keys.contains("config") && !keys.contains("help") && !keys.contains("version"), keys.toString());
    }

    @Test
    void theShippedExampleFilesHoldOnlyKnownKeys() throws Exception {
        CommandLine cli = Pmr.commandLine();
        var collector = ConfigFile.read(Path.of("..", "deploy", "systemd", "collector.properties"),
                cli.getSubcommands().get("collector").getCommandSpec());
        assertEquals("/var/lib/pmr/pmr.db", collector.getProperty("db"));
        var agent = ConfigFile.read(Path.of("..", "deploy", "systemd", "agent.properties"),
                cli.getSubcommands().get("agent").getCommandSpec());
        assertEquals("127.0.0.1:9464", agent.getProperty("metrics"));
    }
}

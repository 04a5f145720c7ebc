package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.agent.BuildInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive {@code launcher/target/pmr-VERSION.tar.gz}, as {@code mvn package} leaves it (this runs in the
 * package phase, after the assembly): it unpacks into {@code pmr-VERSION/} with the jar, the executable wrapper, the
 * man page, the systemd units, the dashboard and the docs; {@code pmr --version} runs from it; {@code man -l} renders
 * the page; {@code systemd-analyze} finds nothing wrong in the units' syntax.
 */
@Timeout(120)
class ReleaseArchiveIT {
    /** Set by the launcher's pom for the surefire runs; the archive exists once the package phase made it. */
    private static final String ARCHIVE = System.getProperty("pmr.release.archive", "target/pmr-VERSION.tar.gz");

    @Test
    void unpacksAndRunsPmrVersion(@TempDir Path dir) throws Exception {
        Path archive = Path.of(ARCHIVE);
        assertTrue(Files.isRegularFile(archive), "no archive " + archive);
        run(dir, List.of("tar", "-xzf", archive.toString(), "-C", dir.toString()), Map.of());
        Path home = dir.resolve("pmr-" + BuildInfo.current().version());
        for (String file : List.of("pmr", "pmr.jar", "pmr.1", "README.md", "docs/operations.md",
                "docs/gateway/README.md", "deploy/systemd/pmr-agent.service", "deploy/systemd/pmr-collector.service",
                "deploy/systemd/agent.env", "deploy/systemd/collector.properties", "deploy/grafana/pmr.json")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), "missing from the archive: " + file);
        }
        assertTrue(Files.getPosixFilePermissions(home.resolve("pmr")).contains(PosixFilePermission.OWNER_EXECUTE));

        String version = run(home, List.of(home.resolve("pmr").toString(), "--version"),
                Map.of("PMR_JAVA_OPTS", "-Xshare:auto"));
        assertEquals("pmr " + BuildInfo.current() + "\n", version, "the same string as the build's");
    }

    @Test
    void theManPageRendersWithEveryCommandAndTheExitCodes(@TempDir Path dir) throws Exception {
        run(dir, List.of("tar", "-xzf", ARCHIVE, "-C", dir.toString()), Map.of());
        Path page = dir.resolve("pmr-" + BuildInfo.current().version()).resolve("pmr.1");
        String rendered = run(dir, List.of("man", "-P", "cat", "-l", page.toString()),
                Map.of("MANWIDTH", "100", "LANG", "C.UTF-8"));
        for (String heading : List.of("NAME", "SYNOPSIS", "COMMANDS", "EXIT STATUS", "pmr collector", "pmr agent",
                "pmr collector report", "--config", "--metrics", "--log-level")) {
            assertTrue(rendered.contains(heading), heading + " in\n" + rendered);
        }
        assertFalse(rendered.contains("${"), "an unresolved variable:\n" + rendered);
    }

    @Test
    void theSystemdUnitsPassSystemdAnalyze(@TempDir Path dir) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assertTrue(Files.isExecutable(analyze), "systemd-analyze is missing (Debian: systemd)");
        run(dir, List.of("tar", "-xzf", ARCHIVE, "-C", dir.toString()), Map.of());
        Path units = dir.resolve("pmr-" + BuildInfo.current().version()).resolve("deploy/systemd");
        for (String unit : List.of("pmr-collector.service", "pmr-agent.service")) {
            // --man=no: no Documentation= lookups; the executable /usr/bin/java may be absent here: ignored
            Process process = new ProcessBuilder(analyze.toString(), "verify", "--man=no",
                    units.resolve(unit).toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            for (String line : output.split("\n")) {
                boolean aboutJava = line.contains("/usr/bin/java") || line.contains("Command /usr/bin/java");
                assertTrue(line.isBlank() || aboutJava || !line.contains(unit), unit + ": " + line + "\n" + output);
            }
        }
    }

    private static String run(Path dir, List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}

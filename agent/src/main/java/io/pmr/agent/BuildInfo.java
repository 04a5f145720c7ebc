package io.pmr.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * This build's version and git commit, from {@code io/pmr/agent/build.properties} (filtered by Maven at build time;
 * the commit comes from git-commit-id-maven-plugin and is {@code unknown} when built without {@code .git}, e.g. from
 * a source tarball). The one version string of the product: what {@code pmr --version} prints and what an agent
 * reports to the collector (its status {@code software_version}, shown by the HTTP API's {@code /api/agents} as
 * {@code softwareVersion}).
 */
public final class BuildInfo {
    private static final String UNKNOWN = "unknown";
    private static final BuildInfo CURRENT = load();

    private final String version;
    private final String commit;

    BuildInfo(String version, String commit) {
        this.version = known(version);
        this.commit = known(commit);
    }

    public static BuildInfo current() {
        return CURRENT;
    }

    /** The Maven version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown}. */
    public String version() {
        return version;
    }

    /** The abbreviated git commit, or {@code unknown}. */
    public String commit() {
        return commit;
    }

    /** {@code 0.1.0-SNAPSHOT (commit 1a2b3c4)}: the one string shown everywhere. */
    @Override
    public String toString() {
        return version + " (commit " + commit + ")";
    }

    private static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read io/pmr/agent/build.properties", e);
        }
        return new BuildInfo(properties.getProperty("version"), properties.getProperty("commit"));
    }

    /** An unfiltered placeholder (built outside Maven, or no git) reads as unknown. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.strip();
    }
}

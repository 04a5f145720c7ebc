package io.pmr.collector.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * This build's version and git commit as {@code pmr_build_info} shows them, from
 * {@code io/pmr/collector/http/build.properties} (filtered by Maven at build time, like the agent's BuildInfo, so
 * both read the same project version and commit); {@code unknown} when built without Maven or without {@code .git}.
 */
record BuildLabel(String version, String commit) {
    private static final String UNKNOWN = "unknown";
    private static final BuildLabel CURRENT = load();

    BuildLabel {
        version = known(version);
        commit = known(commit);
    }

    static BuildLabel current() {
        return CURRENT;
    }

    private static BuildLabel load() {
        Properties properties = new Properties();
        try (InputStream in = BuildLabel.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read io/pmr/collector/http/build.properties", e);
        }
        return new BuildLabel(properties.getProperty("version"), properties.getProperty("commit"));
    }

    /** An unfiltered placeholder (built outside Maven, or no git) reads as unknown. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.strip();
    }
}

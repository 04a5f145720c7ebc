package io.pmr.launcher;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Options every long-running command shares ({@code pmr collector}, {@code pmr agent}): {@code --config FILE} (read by
 * {@link ConfigFile} before parsing; declared here so picocli accepts and documents it) and {@code --log-level}.
 */
final class RunOptions {
    /** slf4j-simple's per-logger level keys: the product's loggers, the command line's own included. */
    private static final String[] PRODUCT_LOGGERS = {"org.slf4j.simpleLogger.log.io.pmr",
            "org.slf4j.simpleLogger.log.io.pmr.launcher"};

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = ConfigFile.OPTION, paramLabel = "FILE", description = "Read options from this properties file:"
            + " keys are the long option names without the dashes (db = pmr.db); a flag given on the command line wins"
            + " over the file, the file over the built-in default; an unknown key is an error naming its line.")
    Path config;

    /** The level set, or null when the built-in one (INFO for pmr's loggers, WARN for libraries) stands. */
    String logLevel;

    /**
     * Sets the level of pmr's loggers. Applied while the command line is parsed, before the command creates its
     * loggers (slf4j-simple fixes a logger's level when it is created, from system properties first).
     */
    @Option(names = "--log-level", paramLabel = "LEVEL", description = "Level of pmr's own log lines on stderr:"
            + " error, warn, info (the default), debug or trace; libraries stay at warn.")
    void logLevel(String level) {
        String normalised = level.strip().toLowerCase(Locale.ROOT);
        if (!java.util.List.of("error", "warn", "info", "debug", "trace").contains(normalised)) {
            throw new ParameterException(spec.commandLine(), "--log-level must be error, warn, info, debug or trace,"
                    + " was '" + level + "'");
        }
        for (String key : PRODUCT_LOGGERS) {
            System.setProperty(key, normalised);
        }
        this.logLevel = normalised;
    }
}

package io.pmr.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --config FILE} of {@code pmr collector} and {@code pmr agent}: a Java properties file whose keys are the
 * command's long option names without the dashes ({@code db = /var/lib/pmr/pmr.db}, {@code http = 127.0.0.1:8080},
 * {@code insecure = true}). The search order is: a flag on the command line, then the file, then the built-in
 * default. Installed before picocli parses (picocli applies defaults first), as the command's default-value provider
 * (picocli's {@link CommandLine.PropertiesDefaultProvider}). A key that is no option of the command is an error naming
 * the file, line and key: a misspelt key must never be silently ignored.
 */
final class ConfigFile {
    static final String OPTION = "--config";
    /** Options a file cannot set: the file itself and the ones that print and exit. */
    private static final Set<String> NOT_SETTABLE = Set.of("config", "help", "version");

    private ConfigFile() {
    }

    /** A file that could not be used: the message is one line naming the file (and line, key). */
    static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        ConfigException(String message) {
            super(message);
        }
    }

    /**
     * Finds {@code --config FILE} (or {@code --config=FILE}) among the arguments of the subcommand they name, and
     * installs the file as that subcommand's default-value provider. Without {@code --config}, does nothing.
     *
     * @throws ConfigException when the file is unreadable or holds a key that is no option of the command
     */
    static void install(CommandLine root, String... args) throws ConfigException {
        CommandLine command = root;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            if (file == null && command.getSubcommands().containsKey(arg)) {
                command = command.getSubcommands().get(arg);
            } else if (arg.equals(OPTION) && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (arg.startsWith(OPTION + "=")) {
                file = Path.of(arg.substring(OPTION.length() + 1));
            }
        }
        if (file == null || command.getCommandSpec().findOption(OPTION) == null) {
            return; // no file, or a command without --config: picocli reports the unknown option itself
        }
        command.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(read(file,
                command.getCommandSpec())));
    }

    /**
     * Reads and checks the file against the command's options.
     *
     * @throws ConfigException naming the file, and the line and key of an unknown key
     */
    static Properties read(Path file, CommandSpec spec) throws ConfigException {
        Properties properties = new Properties();
        List<String> lines;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(OPTION + " " + file + ": cannot read: " + e.getMessage());
        }
        Set<String> known = keys(spec);
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!known.contains(key)) {
                throw new ConfigException(file + ":" + lineOf(lines, key) + ": unknown key '" + key + "': "
                        + spec.qualifiedName() + " has no --" + key + " (keys are its long option names without"
                        + " the dashes; see '" + spec.qualifiedName() + " --help')");
            }
        }
        return properties;
    }

    /** The keys a file may set: each option's longest name without its dashes. */
    static Set<String> keys(CommandSpec spec) {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec option : spec.options()) {
            String key = option.longestName().replaceFirst("^-+", "");
            if (!NOT_SETTABLE.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The 1-based line where {@code key} is set (the first such line), or 0 when it cannot be told. */
    private static int lineOf(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (line.startsWith(key) && (line.length() == key.length()
                    || " \t=:".indexOf(line.charAt(key.length())) >= 0)) {
                return i + 1;
            }
        }
        return 0;
    }
}

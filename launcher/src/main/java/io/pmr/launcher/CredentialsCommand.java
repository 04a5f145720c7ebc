package io.pmr.launcher;

import io.pmr.collector.security.CredentialsFile;
import io.pmr.collector.security.Identities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;

/** {@code pmr credentials add}: adds or replaces an identity in a Mosquitto-format password file. */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Manages the broker's password file (Mosquitto format, $7$ PBKDF2-SHA512).",
        subcommands = CredentialsCommand.Add.class)
final class CredentialsCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("pmr credentials: use 'pmr credentials add' (see --help)");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Adds an agent's id and password to a broker credentials file.",
                "Adds --id to --file (or replaces its password), reading the password from",
                    "--password-file or else the first line of standard input. Never from the command line."})
    static final class Add implements Callable<Integer> {
        @Option(names = "--file", required = true, description = "The password file (created if missing).")
        Path file;

        @Option(names = "--id", required = true, description = "Agent id (or the collector's username with --not-an-agent).")
        String id;

        @Option(names = "--password-file", description = "Read the password from this file's first line.")
        Path passwordFile;

        @Option(names = "--not-an-agent", description = "Allow an id outside the agent id pattern (e.g. the collector's user on Mosquitto).")
        boolean notAnAgent;

        @Override
        public Integer call() throws Exception {
            String problem = Identities.agentIdProblem(id);
            if (problem != null && !notAnAgent) {
                System.err.println("pmr credentials add: --id '" + id + "' " + problem);
                return 2;
            }
            String line = passwordFile != null
                    ? Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("")
                    : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                System.err.println("pmr credentials add: the password is empty");
                return 2;
            }
            boolean added = CredentialsFile.put(file, id, line.toCharArray(), new SecureRandom());
            System.out.println((added ? "added " : "replaced the password of ") + id + " in " + file);
            return 0;
        }
    }
}

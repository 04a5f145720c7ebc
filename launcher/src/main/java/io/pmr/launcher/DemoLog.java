package io.pmr.launcher;

import io.pmr.collector.broker.EmbeddedBroker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the demo's logs go. The launcher logs with slf4j-simple, which writes every record to {@code System.err},
 * looking the stream up at each record (see {@code simplelogger.properties}); while a {@code DemoLog} is open,
 * {@code System.err} is a router: every record goes to the log file ({@code out/pmr.log}); records at WARN and up
 * also go to the console, except those of loggers routed to the file only (the embedded broker's: its
 * warnings are about clients it drops, which retry, and would alarm on a healthy run). With {@code verbose} every
 * record goes to the console too. A record's continuation lines (a stack trace) follow the record's routing.
 *
 * <p>Threading: records may come from any thread; the router handles one line at a time under its own lock.
 * Close restores {@code System.err}.
 */
final class DemoLog implements AutoCloseable {
    /** slf4j-simple's record header with our properties: date, [thread], [LEVEL], logger name. */
    private static final Pattern HEADER = Pattern.compile("^\\S+ \\[.*?\\] \\[(TRACE|DEBUG|INFO|WARN|ERROR)\\] (\\S+)");
    private static final String FILE_ONLY_PREFIX = EmbeddedBroker.LOGGER_PREFIX;

    private final PrintStream console;
    private final OutputStream file;
    private final Path path;

    private DemoLog(Path path, boolean verbose) throws IOException {
        this.path = path;
        this.console = System.err;
        this.file = Files.newOutputStream(path);
        System.setErr(new PrintStream(new Router(verbose), true, StandardCharsets.UTF_8));
    }

    /** Starts routing into {@code logFile} (created or truncated). */
    static DemoLog open(Path logFile, boolean verbose) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            return new DemoLog(logFile, verbose);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log file " + logFile, e);
        }
    }

    Path path() {
        return path;
    }

    /** True when a record from {@code logger} at {@code level} goes to the console without --verbose. */
    static boolean toConsole(String level, String logger) {
        return (level.equals("WARN") && !logger.startsWith(FILE_ONLY_PREFIX)) || level.equals("ERROR");
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(console);
        try {
            file.close();
        } catch (IOException e) {
            console.println("pmr demo: cannot close the log file " + path + ": " + e.getMessage());
        }
    }

    private final class Router extends OutputStream {
        private final boolean verbose;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        /** Lines before any record (not slf4j-simple's) are shown: they were not meant for a file only. */
        private boolean recordToConsole = true;

        Router(boolean verbose) {
            this.verbose = verbose;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            line.write(b);
            if (b == '\n') {
                route();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            file.flush();
            console.flush();
        }

        private void route() throws IOException {
            byte[] bytes = line.toByteArray();
            line.reset();
            Matcher header = HEADER.matcher(new String(bytes, StandardCharsets.UTF_8));
            if (header.find()) {
                recordToConsole = verbose || toConsole(header.group(1), header.group(2));
            }
            file.write(bytes);
            if (recordToConsole) {
                console.write(bytes);
            }
        }
    }
}

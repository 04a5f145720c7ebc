package io.pmr.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The TRT column of a catalogue's measures file: measure id to TRT, for the measures that have one. The shipped file
 * ({@value #RESOURCE} on the class path, this module's resource; the collector's catalogue loads the same file) is the
 * agent's offline default until the collector's {@code AgentConfig} arrives, so an agent needs no collector code;
 * {@code pmr agent --catalogue} reads a user's file with {@link #load}.
 *
 * <p>Reads only the first (id) and sixth (trt) columns of the data lines (blank lines and {@code #} comments
 * skipped); the collector's {@code Catalogue} validates the whole file, and a collector test checks the two agree.
 * Every TRT is checked with {@link Trt#parseRule}, but the map holds only the fixed ones ({@link TrtRule#isFixed}): a
 * wall-clock deadline or an hours condition ({@code 15s in core hours}) is not a per-kind duration an agent applies.
 * Immutable once read; thread-safe.
 */
public final class MeasureTrts {
    /** Class-path location of the shipped measures file. */
    public static final String RESOURCE = "catalogue/measures.csv";
    /** The measures file's name in a catalogue folder. */
    public static final String MEASURES_FILE = "measures.csv";
    private static final int ID = 0;
    private static final int TRT = 5;

    private static final class Holder {
        static final Map<String, TrtRule> SHIPPED_RULES = readShippedRules();
        static final Map<String, Duration> SHIPPED = fixed(SHIPPED_RULES);
    }

    private MeasureTrts() {
    }

    /** The shipped TRTs, measure id to TRT in file order; unmodifiable. Read once. */
    public static Map<String, Duration> shipped() {
        return Holder.SHIPPED;
    }

    /**
     * The shipped TRT rules, measure id to rule in file order, every measure with a TRT: fixed ones and those that are
     * not (a wall-clock deadline, an hours condition); unmodifiable. Read once.
     */
    public static Map<String, TrtRule> shippedRules() {
        return Holder.SHIPPED_RULES;
    }

    /**
     * Reads every TRT rule of a catalogue folder (its {@code measures.csv}) or of a measures CSV file, fixed or not.
     *
     * @throws IllegalArgumentException as {@link #read}, or naming a file that cannot be read
     */
    public static Map<String, TrtRule> loadRules(Path folderOrMeasuresFile) {
        Path file = Files.isDirectory(folderOrMeasuresFile)
                ? folderOrMeasuresFile.resolve(MEASURES_FILE) : folderOrMeasuresFile;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readRules(file.toString(), reader);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e, e);
        }
    }

    /**
     * Reads the TRTs of a catalogue folder (its {@code measures.csv}) or of a measures CSV file.
     *
     * @throws IllegalArgumentException as {@link #read}, or naming a file that cannot be read
     */
    public static Map<String, Duration> load(Path folderOrMeasuresFile) {
        Path file = Files.isDirectory(folderOrMeasuresFile)
                ? folderOrMeasuresFile.resolve(MEASURES_FILE) : folderOrMeasuresFile;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), reader);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e, e);
        }
    }

    /**
     * Reads the id and trt columns of measures CSV text: measure id to fixed TRT.
     *
     * @param source names the text in messages, e.g. a file name
     * @throws IllegalArgumentException {@code source:line: ...} for a line with fewer than six columns, a bad TRT or
     *                                  an id given twice
     */
    public static Map<String, Duration> read(String source, Reader text) {
        return fixed(readRules(source, text));
    }

    /**
     * Reads the id and trt columns of measures CSV text: measure id to TRT rule, every measure with a TRT.
     *
     * @throws IllegalArgumentException as {@link #read}
     */
    public static Map<String, TrtRule> readRules(String source, Reader text) {
        Map<String, TrtRule> trts = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(text)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length <= TRT) {
                    throw new IllegalArgumentException(source + ":" + number + ": expected at least 6 columns"
                            + " (id,provider,group,name,kind,trt,...), found " + fields.length);
                }
                String id = fields[ID].strip();
                String trtText = fields[TRT].strip();
                if (trtText.isEmpty()) {
                    continue;
                }
                TrtRule trt;
                try {
                    trt = Trt.parseRule(trtText);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ":" + number + ": trt: " + e.getMessage(), e);
                }
                if (!ids.add(id)) {
                    throw new IllegalArgumentException(source + ":" + number + ": id: " + id + " is given twice");
                }
                trts.put(id, trt);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read", e);
        }
        return Collections.unmodifiableMap(trts);
    }

    private static Map<String, Duration> fixed(Map<String, TrtRule> rules) {
        Map<String, Duration> trts = new LinkedHashMap<>();
        rules.forEach((id, rule) -> {
            if (rule.isFixed()) {
                trts.put(id, rule.duration());
            }
        });
        return Collections.unmodifiableMap(trts);
    }

    private static Map<String, TrtRule> readShippedRules() {
        InputStream in = MeasureTrts.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is not on the class path: the pmr-model jar is incomplete");
        }
        return readRules(RESOURCE, new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}

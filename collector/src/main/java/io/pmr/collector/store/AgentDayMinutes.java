package io.pmr.collector.store;

import io.pmr.model.UkCalendar;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One row of {@code agent_day}: per agent and UK day, each measure's count of reported minutes (the minutes of the
 * measure's scopes ORed). The completeness view sums the counts of the measures the agent declared, so a declaration
 * made after the data still decides what counts, as when the rollups were read. Not thread-safe.
 *
 * <p><b>Encoding</b> of {@code measure_minutes}: per measure, in code point order of the ids, the id's UTF-8 length
 * (varint), its UTF-8 bytes and the minute count (varint); a measure with no minute is absent.
 */
final class AgentDayMinutes {
    /** A row's primary key, ordered as {@code ORDER BY agent_id, day_start_epoch_millis} orders it. */
    record Key(String agentId, long dayStartEpochMillis) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::agentId, DailyRollup::compareCodePoints)
                .thenComparingLong(Key::dayStartEpochMillis);

        @Override
        public String toString() {
            return "(agent '" + agentId + "', day " + UkCalendar.dayOf(dayStartEpochMillis) + ")";
        }
    }

    /** Measure id to minutes reported, in code point order. */
    private final TreeMap<String, Integer> minutes = new TreeMap<>(DailyRollup::compareCodePoints);

    /** Sets a measure's count of minutes reported in the day (0 removes it). */
    void set(String measureId, int count) {
        if (count < 0 || count > RollupCodec.MAX_DAY_MINUTES) {
            throw new IllegalArgumentException("minutes of " + measureId + " in a day: " + count);
        }
        if (count == 0) {
            minutes.remove(measureId);
        } else {
            minutes.put(measureId, count);
        }
    }

    Map<String, Integer> minutes() {
        return java.util.Collections.unmodifiableMap(minutes);
    }

    byte[] encode() {
        VarintWriter out = new VarintWriter(minutes.size() * 14);
        for (Map.Entry<String, Integer> entry : minutes.entrySet()) {
            byte[] id = entry.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeVarint(id.length);
            out.write(id, 0, id.length);
            out.writeVarint(entry.getValue());
        }
        return out.toByteArray();
    }

    /**
     * A stored row.
     *
     * @throws IllegalArgumentException when the bytes are not this encoding
     */
    static AgentDayMinutes decode(byte[] encoded) {
        AgentDayMinutes row = new AgentDayMinutes();
        forEach(encoded, row::set, new IdReader());
        return row;
    }

    /**
     * Decodes the measure ids of many rows, reusing the previous row's {@code String} at the same position when the
     * bytes are equal (an agent's days, and agents alike, mostly list the same measures): no new string, and its hash
     * already computed for the caller's set. Not thread-safe: one per read.
     */
    static final class IdReader {
        private final List<byte[]> bytes = new ArrayList<>();
        private final List<String> ids = new ArrayList<>();

        String id(int position, byte[] encoded, int from, int length) {
            if (position < ids.size()) {
                byte[] known = bytes.get(position);
                if (Arrays.equals(known, 0, known.length, encoded, from, from + length)) {
                    return ids.get(position);
                }
            }
            String id = new String(encoded, from, length, StandardCharsets.UTF_8);
            byte[] copy = Arrays.copyOfRange(encoded, from, from + length);
            if (position < ids.size()) {
                bytes.set(position, copy);
                ids.set(position, id);
            } else {
                bytes.add(copy);
                ids.add(id);
            }
            return id;
        }
    }

    /** What {@link #forEach} hands each entry to. */
    interface EntrySink {
        void accept(String measureId, int minutes);
    }

    /**
     * Each (measure, minutes) entry of an encoded row, in order.
     *
     * @throws IllegalArgumentException when the bytes are not this encoding
     */
    static void forEach(byte[] encoded, EntrySink sink, IdReader ids) {
        int[] at = {0};
        int position = 0;
        while (at[0] < encoded.length) {
            long length = RollupCodec.readVarint(encoded, at);
            if (length > encoded.length - at[0]) {
                throw new IllegalArgumentException("measure id runs past the end at byte " + at[0]);
            }
            String measure = ids.id(position++, encoded, at[0], (int) length);
            at[0] += (int) length;
            long count = RollupCodec.readVarint(encoded, at);
            if (count < 1 || count > RollupCodec.MAX_DAY_MINUTES) {
                throw new IllegalArgumentException("measure " + measure + " with " + count + " minutes in a day");
            }
            sink.accept(measure, (int) count);
        }
    }

    /**
     * The minutes an encoded row holds of the measures in {@code declared} (an agent's declared measures).
     *
     * @throws IllegalArgumentException when the bytes are not this encoding
     */
    static long declaredMinutes(byte[] encoded, Set<String> declared, IdReader ids) {
        long[] sum = {0};
        forEach(encoded, (measure, count) -> {
            if (declared.contains(measure)) {
                sum[0] += count;
            }
        }, ids);
        return sum[0];
    }

    /** The entries that differ from another row's, named (empty when equal). */
    String differences(AgentDayMinutes stored) {
        List<String> out = new ArrayList<>();
        TreeMap<String, Integer> all = new TreeMap<>(DailyRollup::compareCodePoints);
        all.putAll(minutes);
        all.putAll(stored.minutes);
        for (String measure : all.keySet()) {
            int fresh = minutes.getOrDefault(measure, 0);
            int kept = stored.minutes.getOrDefault(measure, 0);
            if (fresh != kept) {
                out.add("minutes of " + measure + " " + kept + " (fresh " + fresh + ")");
            }
        }
        return String.join(", ", out);
    }
}

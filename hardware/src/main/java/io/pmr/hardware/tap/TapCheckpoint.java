package io.pmr.hardware.tap;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * What a {@link TraceTap} saves at a graceful stop to resume exactly at its next start.
 *
 * @param logPath  the log path the tap read ({@link TraceTapSettings#path()} as text)
 * @param read     where it stood in the file it had open; null when none was open
 * @param header   the CSV header columns in force, as written; null when none (or JSON lines)
 * @param nextId   the next long id to assign
 * @param pending  the pending starts, message id to long id, oldest first
 */
record TapCheckpoint(String logPath, ReadPosition read, List<String> header, long nextId,
                     LinkedHashMap<String, Long> pending) {
}

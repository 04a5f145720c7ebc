package io.pmr.collector.store;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive right of one running collector to ingest into a database file: an OS lock on {@code <db>.lock}
 * beside it, held for the life of the collector, with the holder's process id, host and start time written inside so
 * a second collector can name it. SQLite itself would let two collectors write the same file (each with its own
 * acknowledgement ledger and dedup view), which breaks the one-writer assumptions of ingest; reports and imports do not
 * take this lock (SQLite serialises their transactions with the collector's).
 *
 * <p>The OS releases the lock when the process dies (kill -9 included), so a stale lock file never blocks a restart;
 * its text is then merely out of date. Thread-safe; {@link #close()} is idempotent.
 */
public final class StoreLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreLock.class);
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a database file: the database's name with {@code .lock} appended, in the same folder. */
    public static Path lockFileOf(Path databaseFile) {
        Path absolute = databaseFile.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".lock");
    }

    /**
     * Takes the lock for this process.
     *
     * @param startedAt written into the lock file for the operator (when this holder started)
     * @throws StoreException naming the database, the lock file and the holder when another process holds it
     */
    public static StoreLock acquire(Path databaseFile, Instant startedAt) {
        Path lockFile = lockFileOf(databaseFile);
        FileChannel channel = null;
        try {
            Path parent = lockFile.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM (another collector in the same process)
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new StoreException("database " + databaseFile + " is in use by another collector ("
                        + holder + "; lock file " + lockFile + "). Stop that collector, or give this one another --db");
            }
            String text = String.format(Locale.ROOT, "pid %d on host %s, started %s%n", ProcessHandle.current().pid(),
                    hostName(), startedAt);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            LOG.info("Holding {} for this collector ({})", lockFile, text.strip());
            return new StoreLock(lockFile, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock database " + databaseFile + " (lock file " + lockFile + "): "
                    + e.getMessage(), e);
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        int read = channel.read(buffer, 0);
        String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8).strip();
        // the holder writes its line right after locking: an empty file means it is between the two
        return text.isEmpty() ? "holder not yet named" : "held by " + text.replaceAll("[\\p{Cntrl}]", " ");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the caller reports the first error
            }
        }
    }

    /** Releases the lock (the file stays, with the last holder's text). */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.warn("Releasing {} failed: {}", lockFile, e.getMessage());
        }
    }
}

package io.pmr.collector.store;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.data.EnvelopeConflict;
import io.pmr.collector.data.IdentityClash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content check behind the envelope key: compares a payload received under a stored key with the stored payload's
 * SHA-256, and keeps a different payload apart in the {@code conflict} table; also the {@code identity_clash} rows.
 * Not thread-safe: used inside {@link SqliteStore}'s lock, within its transaction.
 */
final class SqliteConflicts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteConflicts.class);

    private final Connection connection;
    private final PreparedStatement selectHash;
    private final PreparedStatement upsertConflict;
    private final PreparedStatement upsertClash;
    private final MessageDigest sha256;

    SqliteConflicts(Connection connection) throws SQLException {
        this.connection = connection;
        selectHash = connection.prepareStatement(
                "SELECT payload_sha256 FROM envelope WHERE agent_id = ? AND boot_epoch = ? AND sequence = ?");
        upsertConflict = connection.prepareStatement("INSERT INTO conflict (agent_id, boot_epoch, sequence,"
                + " stored_sha256, received_sha256, first_received_epoch_millis, last_received_epoch_millis, receipts,"
                + " payload_size, payload) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
                + " ON CONFLICT (agent_id, boot_epoch, sequence, received_sha256) DO UPDATE SET"
                + " receipts = conflict.receipts + 1, last_received_epoch_millis = CASE"
                + " WHEN excluded.last_received_epoch_millis > conflict.last_received_epoch_millis"
                + " THEN excluded.last_received_epoch_millis ELSE conflict.last_received_epoch_millis END");
        upsertClash = connection.prepareStatement("INSERT INTO identity_clash (agent_id, boot_epoch_a, boot_epoch_b,"
                + " first_seen_epoch_millis, last_seen_epoch_millis) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (agent_id, boot_epoch_a, boot_epoch_b) DO UPDATE SET"
                + " last_seen_epoch_millis = CASE"
                + " WHEN excluded.last_seen_epoch_millis > identity_clash.last_seen_epoch_millis"
                + " THEN excluded.last_seen_epoch_millis ELSE identity_clash.last_seen_epoch_millis END");
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    byte[] hash(byte[] payload) {
        return sha256.digest(payload);
    }

    /**
     * What a payload under a key that is already stored is: {@link WriteOutcome#DUPLICATE} when its hash equals the
     * stored one (or the row predates hashes: nothing to compare, so the old behaviour), else
     * {@link WriteOutcome#CONFLICT}, with the payload kept apart. {@link WriteOutcome#ABSENT} when the key is not
     * stored.
     */
    WriteOutcome compare(EnvelopeKey key, byte[] payload, long receivedEpochMillis) throws SQLException {
        selectHash.setString(1, key.agentId());
        selectHash.setLong(2, key.bootEpoch());
        selectHash.setLong(3, key.sequence());
        byte[] stored;
        try (ResultSet rs = selectHash.executeQuery()) {
            if (!rs.next()) {
                return WriteOutcome.ABSENT;
            }
            stored = rs.getBytes(1);
        }
        byte[] received = hash(payload);
        if (stored == null || Arrays.equals(stored, received)) {
            return WriteOutcome.DUPLICATE;
        }
        upsertConflict.setString(1, key.agentId());
        upsertConflict.setLong(2, key.bootEpoch());
        upsertConflict.setLong(3, key.sequence());
        upsertConflict.setBytes(4, stored);
        upsertConflict.setBytes(5, received);
        upsertConflict.setLong(6, receivedEpochMillis);
        upsertConflict.setLong(7, receivedEpochMillis);
        upsertConflict.setInt(8, payload.length);
        upsertConflict.setBytes(9, payload);
        upsertConflict.executeUpdate();
        LOG.warn("Conflict: envelope {} received with payload sha256 {} ({} bytes) but stored with sha256 {}; kept apart,"
                + " not added, not acknowledged", key, hex(received), payload.length,
                hex(stored));
        return WriteOutcome.CONFLICT;
    }

    void recordClash(IdentityClash clash) throws SQLException {
        upsertClash.setString(1, clash.agentId());
        upsertClash.setLong(2, clash.bootEpochA());
        upsertClash.setLong(3, clash.bootEpochB());
        upsertClash.setLong(4, clash.firstSeenEpochMillis());
        upsertClash.setLong(5, clash.lastSeenEpochMillis());
        upsertClash.executeUpdate();
    }

    /** The conflicts, most recently received first, at most {@code limit}. */
    List<EnvelopeConflict> conflicts(int limit) throws SQLException {
        List<EnvelopeConflict> conflicts = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT agent_id, boot_epoch, sequence,"
                + " stored_sha256, received_sha256, first_received_epoch_millis, last_received_epoch_millis, receipts,"
                + " payload_size FROM conflict ORDER BY last_received_epoch_millis DESC, agent_id, boot_epoch, sequence"
                + " LIMIT ?")) {
            query.setInt(1, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    conflicts.add(new EnvelopeConflict(new EnvelopeKey(rs.getString(1), rs.getLong(2), rs.getLong(3)),
                            hex(rs.getBytes(4)), hex(rs.getBytes(5)), rs.getLong(6),
                            rs.getLong(7), rs.getLong(8), rs.getInt(9)));
                }
            }
        }
        return conflicts;
    }

    /** The keys of this agent that have a conflict (each once). */
    List<EnvelopeKey> conflictedKeys(String agentId) throws SQLException {
        List<EnvelopeKey> keys = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT DISTINCT boot_epoch, sequence FROM conflict WHERE agent_id = ?")) {
            query.setString(1, agentId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    keys.add(new EnvelopeKey(agentId, rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        return keys;
    }

    /** Every identity clash, most recently seen first. */
    List<IdentityClash> clashes() throws SQLException {
        List<IdentityClash> clashes = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT agent_id, boot_epoch_a, boot_epoch_b,"
                + " first_seen_epoch_millis, last_seen_epoch_millis FROM identity_clash"
                + " ORDER BY last_seen_epoch_millis DESC, agent_id")) {
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    clashes.add(new IdentityClash(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
        }
        return clashes;
    }

    @Override
    public void close() throws SQLException {
        selectHash.close();
        upsertConflict.close();
        upsertClash.close();
    }

    private static String hex(byte[] sha256) {
        return java.util.HexFormat.of().formatHex(sha256);
    }
}

-- pmr's store on PostgreSQL, schema version 11 (SqliteSchema version 11): interval_report loses its primary key and
-- its (agent_id, boot_epoch) index. Rows are only ever added for a newly stored envelope key (V9's note), so the
-- envelope table's key is what makes them unique; the replay probes ("has another boot epoch of this agent stored
-- intervals?", SqliteReplays) read the envelope table's key instead, and nothing else reads either index: the
-- reports read the rollups and the start indexes, the data fingerprint reads MAX(rowid) through
-- interval_report_rowid_index, rebuild-rollups sorts every row. Dropping a partitioned table's constraint and index
-- drops every month partition's copy with them; no row is rewritten.

ALTER TABLE interval_report DROP CONSTRAINT interval_report_pkey;
DROP INDEX interval_report_agent;

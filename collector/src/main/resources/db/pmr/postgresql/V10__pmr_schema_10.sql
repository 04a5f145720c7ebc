-- pmr's store on PostgreSQL, schema version 10: SqliteSchema version 10's first_data and agent_day (the same columns
-- and keys; types as in V9), and source_generation. A V9 database's existing rollups and device records are derived
-- into first_data and agent_day by the next step, V10_1 (PostgresDerivedBackfill: the same Java code path,
-- DerivedRows, as SQLite's version 10 back-fill), in its own transaction: a crash between the two leaves V10_1
-- pending, and the next start runs it.

-- Per agent and measure, the start of the earliest data it sent (an interval's minute or a device record's start):
-- what the declarations' first data reads. Written with the rollups (lowered when earlier data comes).
CREATE TABLE first_data (
  agent_id text COLLATE "C" NOT NULL, measure_id text COLLATE "C" NOT NULL, first_epoch_millis bigint NOT NULL,
  PRIMARY KEY (agent_id, measure_id));

-- Per agent and UK day, each measure's count of reported minutes (AgentDayMinutes' encoding): the completeness
-- view reads agents x days rows, not every rollup. Written with the rollups.
CREATE TABLE agent_day (
  day_start_epoch_millis bigint NOT NULL, agent_id text COLLATE "C" NOT NULL, measure_minutes bytea NOT NULL,
  PRIMARY KEY (day_start_epoch_millis, agent_id));

-- One row: raised in every transaction that may change declared_measure, watermark or first_data (SourceGeneration),
-- so a store's cached copy of them (SourceCache) is known current by one primary-key read in the reader's snapshot,
-- whichever collector committed the change.
CREATE TABLE source_generation (
  id bigint PRIMARY KEY CHECK (id = 1), generation bigint NOT NULL);
INSERT INTO source_generation (id, generation) VALUES (1, 0);

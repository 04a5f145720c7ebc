-- pmr's store on PostgreSQL, schema version 12 (SqliteSchema version 12): interval_report loses its index led by the
-- start, interval_report_start (interval_start_epoch_millis, measure_id). Each minute row's insert kept two indexes
-- of (start, measure) in opposite orders; interval_report_measure (measure_id, interval_start_epoch_millis) serves
-- every read: one measure's range directly, and the three reads of every measure over a start range (a period's
-- partial-day sums, the agent days' partial days, the first month with data) list the measures by a skip-scan of it
-- first and search it once per measure (IntervalMeasures); the month partitions still prune by the start. Dropping
-- a partitioned table's index drops every month partition's copy with it; no row is rewritten.

DROP INDEX interval_report_start;

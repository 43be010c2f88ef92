-- 0008_auditlog.sql: the audit log view's filters (indexes only).
--
-- The desk's audit log view (key 6) pages the log newest first by entry
-- number (the rowid: no index needed) and filters it by person and by
-- origin: each filter is one of these indexes, read in entry order from
-- the cursor (who = ? AND id < ? ORDER BY id DESC), so that a page of one
-- person's entries costs a page, never a walk of the whole log.  The list
-- of the people and of the origins in the log skips through the same
-- indexes one value at a time.  The contract filter uses audit_entity
-- (0003); the date filter turns its days into a range of entry numbers.
CREATE INDEX audit_who ON audit(who);
CREATE INDEX audit_origin ON audit(origin);

-- 0006_undo.sql: a decision can be undone (schema version 6).
--
-- An undo is never a delete: it is a new decision that puts the line back
-- as it was before the decision it undoes, and names that decision in the
-- new column undoes (NULL for an ordinary decision), so that a line's
-- history reads "undo of decision N".  The state it restores is that of
-- the decision in force before (its status, quantity and reason), or
-- submitted when there was none since the line was last (re)submitted: a
-- decision may now have the status submitted, with no validated quantity,
-- only as an undo.
--
-- SQLite cannot alter a CHECK: the table is rebuilt (create, copy, drop,
-- rename; ids kept, import ids kept).  Its triggers are dropped first, by
-- name, and those that are not the audit log's are made again below; so
-- are return_line's audit triggers, whose update trigger reads decision
-- (an undo's line change is recorded in the undo's own entry, as a
-- decision's is).  The migration runner then (in C, db/audit.c) writes one
-- audit entry for this version (entity "baseline", kind "schema": where
-- the longer column list of decision begins, and a digest of every row's
-- id and undoes, all empty here) and makes the audit triggers of decision
-- and return_line from the column lists of version 6.

DROP TRIGGER decision_audit_insert;
DROP TRIGGER decision_audit_update;
DROP TRIGGER decision_audit_delete;
DROP TRIGGER decision_import_id_fixed;
DROP TRIGGER decision_no_update;
DROP TRIGGER decision_no_delete;
DROP TRIGGER return_line_audit_insert;
DROP TRIGGER return_line_audit_update;
DROP TRIGGER return_line_audit_delete;
DROP TRIGGER return_line_import_id_fixed;

CREATE TABLE new_decision (
	id INTEGER PRIMARY KEY,
	return_line_id INTEGER NOT NULL REFERENCES return_line(id),
	status TEXT NOT NULL CHECK (status = 'validated' OR status = 'rejected' OR status = 'query'
		OR status = 'submitted'),
	validated INTEGER CHECK (validated IS NULL OR validated >= 0),
	reason TEXT CHECK (reason IS NULL OR length(reason) <= 4000),
	decided_by TEXT NOT NULL CHECK (length(decided_by) BETWEEN 1 AND 200),
	decided_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', decided_at, '+0 days') IS decided_at),
	origin TEXT NOT NULL CHECK (origin = 'desk' OR origin = 'import' OR origin = 'demo'),
	line_version INTEGER CHECK (line_version IS NULL OR line_version >= 1),
	delivered INTEGER CHECK (delivered IS NULL OR delivered >= 0),
	import_id INTEGER DEFAULT (sv_import_id()),
	undoes INTEGER,
	CHECK (CASE status
		WHEN 'validated' THEN validated IS NOT NULL
		WHEN 'submitted' THEN validated IS NULL AND undoes IS NOT NULL
		ELSE validated IS NULL AND coalesce(length(trim(reason)), 0) > 0
	END)
) STRICT;
INSERT INTO new_decision (id, return_line_id, status, validated, reason, decided_by, decided_at,
	origin, line_version, delivered, import_id, undoes)
SELECT id, return_line_id, status, validated, reason, decided_by, decided_at, origin,
	line_version, delivered, import_id, NULL FROM decision ORDER BY id;
DROP TABLE decision;
ALTER TABLE new_decision RENAME TO decision;

CREATE INDEX decision_line ON decision(return_line_id, id);

CREATE TRIGGER decision_no_update BEFORE UPDATE ON decision
BEGIN
	SELECT RAISE(ABORT, 'decisions are history: they cannot be changed');
END;

CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
BEGIN
	SELECT RAISE(ABORT, 'decisions are history: they cannot be deleted');
END;

-- An undo undoes an earlier decision on its own line.  (This rather than
-- a foreign key: decisions are never changed nor deleted, and a foreign
-- key to decision itself would make every insert look for the rows that
-- name the new one, a scan of the table without an index on undoes.)
CREATE TRIGGER decision_undo_line BEFORE INSERT ON decision
WHEN NEW.undoes IS NOT NULL AND NOT EXISTS (SELECT 1 FROM decision
	WHERE id = NEW.undoes AND return_line_id = NEW.return_line_id)
BEGIN
	SELECT RAISE(ABORT, 'an undo undoes an earlier decision on the same line');
END;

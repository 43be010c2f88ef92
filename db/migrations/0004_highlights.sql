-- 0004_highlights.sql: the order of a year's highlights (schema version 4).
--
-- Each highlight gets position: 1 .. n within its year, the order of the
-- FGB report.  Rows that exist are numbered by id within their year.
-- The table is rebuilt (a CHECK cannot be added to a column of an existing
-- table): its triggers are dropped first, by name, and those that are not
-- the audit log's are made again below; the migration runner then (in C,
-- db/audit.c) writes one audit entry for this version (entity "baseline",
-- kind "schema": where the longer column list of highlight begins, and a
-- digest of every row's id and position as numbered here) and makes the
-- audit triggers of highlight from the column list of version 4.  Import
-- ids are kept, so every earlier import and the baseline still verify
-- against their digests (over the columns of version 3).
--
-- Positions are not a UNIQUE key: a move swaps two rows one UPDATE at a
-- time.  The rules below keep them in range; svdesk check integrity finds
-- a year whose positions are not 1 .. n.

DROP TRIGGER highlight_audit_insert;
DROP TRIGGER highlight_audit_update;
DROP TRIGGER highlight_audit_delete;
DROP TRIGGER highlight_import_id_fixed;
DROP TRIGGER highlight_body;
DROP TRIGGER highlight_body_update;
DROP TRIGGER contract_body_highlights;

CREATE TABLE new_highlight (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9998),
	contract_id INTEGER REFERENCES contract(id),
	body TEXT CHECK (body IS NULL OR body IN ('WMP','OPCC')),
	text TEXT NOT NULL CHECK (length(trim(text)) > 0 AND length(text) <= 4000),
	created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 200),
	created_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
	import_id INTEGER DEFAULT (sv_import_id()),
	position INTEGER NOT NULL CHECK (position >= 1)
) STRICT;
INSERT INTO new_highlight (id, year, contract_id, body, text, created_by, created_at, import_id, position)
SELECT id, year, contract_id, body, text, created_by, created_at, import_id,
	row_number() OVER (PARTITION BY year ORDER BY id) FROM highlight ORDER BY id;
DROP TABLE highlight;
ALTER TABLE new_highlight RENAME TO highlight;

CREATE INDEX highlight_year ON highlight(year, body);
CREATE INDEX highlight_contract ON highlight(contract_id);
CREATE INDEX highlight_order ON highlight(year, position);

CREATE TRIGGER highlight_body BEFORE INSERT ON highlight
WHEN NEW.contract_id IS NOT NULL
 AND NEW.body IS NOT (SELECT body FROM contract WHERE id = NEW.contract_id)
BEGIN
	SELECT RAISE(ABORT, 'a contract''s highlight has the body of its contract');
END;

CREATE TRIGGER highlight_body_update BEFORE UPDATE OF body, contract_id ON highlight
WHEN NEW.contract_id IS NOT NULL
 AND NEW.body IS NOT (SELECT body FROM contract WHERE id = NEW.contract_id)
BEGIN
	SELECT RAISE(ABORT, 'a contract''s highlight has the body of its contract');
END;

CREATE TRIGGER contract_body_highlights AFTER UPDATE OF body ON contract
WHEN NEW.body IS NOT OLD.body
BEGIN
	UPDATE highlight SET body = NEW.body WHERE contract_id = NEW.id;
END;

-- A new highlight goes at the end of its year.
CREATE TRIGGER highlight_position_insert BEFORE INSERT ON highlight
WHEN NEW.position IS NOT (SELECT count(*) + 1 FROM highlight WHERE year = NEW.year)
BEGIN
	SELECT RAISE(ABORT, 'a new highlight goes at the end of its year');
END;

-- A move stays within the year's list; a highlight keeps its year.
CREATE TRIGGER highlight_position_update BEFORE UPDATE OF position, year ON highlight
WHEN NEW.year IS NOT OLD.year
 OR NEW.position > (SELECT count(*) FROM highlight WHERE year = NEW.year)
BEGIN
	SELECT RAISE(ABORT, 'a highlight keeps its year, at a place in its year''s list');
END;

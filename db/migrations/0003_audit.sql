-- 0003_audit.sql: the tamper-evident audit log (schema version 3).
--
-- Carries a version-2 database forward in the migration's one transaction.
-- The migration runner (db/db.c) turns foreign keys off before it begins,
-- drops every trigger first (the checks on open have already compared them
-- with what version 2 expects), runs this file, then, in C (db/audit.c):
-- writes the baseline entry (a digest of every audited row, which then
-- carries the baseline's id in import_id), creates the audit triggers from
-- the one list of audited columns, seals the chain, and checks the foreign
-- keys before COMMIT.
--
-- What changes:
-- * every audited table gets import_id: the id of the import (or demo, or
--   baseline) entry that added the row, NULL for a row added one at a time
--   (its own insert entry).  sv_import_id() is NULL outside an import.
--   ALTER TABLE ADD COLUMN refuses an expression default: the tables are
--   rebuilt (create, copy, drop, rename; ids and rowids kept).
-- * proxy_value gains an id (its old rowid): the audit log names rows by id.
-- * decision gains line_version and delivered: the line's version and
--   delivered quantity that the decision decided (NULL for decisions made
--   before version 3).
-- * the audit table: entity_id may be NULL (import and baseline entries),
--   the catalogue tables are entities, and hash holds the chain: SHA-256
--   over the previous entry's hash and this entry's fields, written by
--   svdesk just before each COMMIT.  Old entries are copied as they were.
-- * the per-row quarter trigger on return_line is gone (svdesk checks the
--   quarter against the contract's dates in C), as are the status index on
--   return_line and the audit log's time index (neither is needed by a
--   query; both cost time on every write).
-- * a CHECK of three or more values compares them one by one (x = 'a' OR
--   x = 'b' ...): an IN list builds a temporary b-tree for every row it
--   checks, the largest cost of a write before this version.
-- * the financial-year rules of the remaining triggers call sv_fy_first(),
--   sv_fy_last(), sv_quarter_first() and sv_quarter_last(), which svdesk
--   registers from its period module: the rule lives in one place.

-- ---- the audited tables, rebuilt with import_id --------------------------------
-- Every row that exists belongs to the baseline entry, the entry after the
-- last one of the old log (written in C at the end of the migration).

CREATE TABLE new_theme (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, title TEXT NOT NULL, position INTEGER NOT NULL, import_id INTEGER DEFAULT (sv_import_id())) STRICT;
INSERT INTO new_theme (id, name, title, position, import_id)
SELECT id, name, title, position, (SELECT coalesce(max(id), 0) + 1 FROM audit) FROM theme ORDER BY id;
DROP TABLE theme;
ALTER TABLE new_theme RENAME TO theme;

CREATE TABLE new_outcome (id INTEGER PRIMARY KEY, theme_id INTEGER NOT NULL REFERENCES theme(id), text TEXT NOT NULL COLLATE NOCASE, position INTEGER NOT NULL, import_id INTEGER DEFAULT (sv_import_id()), UNIQUE (theme_id, text)) STRICT;
INSERT INTO new_outcome (id, theme_id, text, position, import_id)
SELECT id, theme_id, text, position, (SELECT coalesce(max(id), 0) + 1 FROM audit) FROM outcome ORDER BY id;
DROP TABLE outcome;
ALTER TABLE new_outcome RENAME TO outcome;

CREATE TABLE new_measure (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, outcome_id INTEGER NOT NULL REFERENCES outcome(id), title TEXT NOT NULL, unit TEXT NOT NULL CHECK (unit = 'FTE' OR unit = 'weeks' OR unit = 'hours' OR unit = 'GBP' OR unit = 'tCO2e' OR unit = 'tonnes' OR unit = 'count' OR unit = 'percent'), local INTEGER NOT NULL DEFAULT 0 CHECK (local IN (0,1)), position INTEGER NOT NULL, import_id INTEGER DEFAULT (sv_import_id())) STRICT;
INSERT INTO new_measure (id, code, outcome_id, title, unit, local, position, import_id)
SELECT id, code, outcome_id, title, unit, local, position, (SELECT coalesce(max(id), 0) + 1 FROM audit) FROM measure ORDER BY id;
DROP TABLE measure;
ALTER TABLE new_measure RENAME TO measure;

CREATE TABLE new_proxy_set (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, illustrative INTEGER NOT NULL CHECK (illustrative IN (0,1)), is_current INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0,1)), created_at TEXT NOT NULL, import_id INTEGER DEFAULT (sv_import_id())) STRICT;
INSERT INTO new_proxy_set (id, name, illustrative, is_current, created_at, import_id)
SELECT id, name, illustrative, is_current, created_at, (SELECT coalesce(max(id), 0) + 1 FROM audit) FROM proxy_set ORDER BY id;
DROP TABLE proxy_set;
ALTER TABLE new_proxy_set RENAME TO proxy_set;

-- proxy_value gains an id of its own (its rowid until now), which the audit
-- log names: a VACUUM may renumber the rowids of a table without one.
CREATE TABLE new_proxy_value (id INTEGER PRIMARY KEY, set_id INTEGER NOT NULL REFERENCES proxy_set(id), measure_id INTEGER NOT NULL REFERENCES measure(id), proxy INTEGER CHECK (proxy IS NULL OR proxy >= 0), import_id INTEGER DEFAULT (sv_import_id()), UNIQUE (set_id, measure_id)) STRICT;
INSERT INTO new_proxy_value (id, set_id, measure_id, proxy, import_id)
SELECT rowid, set_id, measure_id, proxy, (SELECT coalesce(max(id), 0) + 1 FROM audit) FROM proxy_value ORDER BY rowid;
DROP TABLE proxy_value;
ALTER TABLE new_proxy_value RENAME TO proxy_value;

CREATE TABLE new_supplier (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0 AND length(name) <= 4000),
	import_id INTEGER DEFAULT (sv_import_id())
) STRICT;
INSERT INTO new_supplier (id, name, import_id)
SELECT id, name, (SELECT coalesce(max(id), 0) + 1 FROM audit) FROM supplier ORDER BY id;
DROP TABLE supplier;
ALTER TABLE new_supplier RENAME TO supplier;

CREATE TABLE new_contract (
	id INTEGER PRIMARY KEY,
	ref TEXT NOT NULL UNIQUE CHECK (length(trim(ref)) > 0 AND length(CAST(ref AS BLOB)) <= 63),
	title TEXT NOT NULL CHECK (length(trim(title)) > 0 AND length(title) <= 4000),
	supplier_id INTEGER NOT NULL REFERENCES supplier(id),
	body TEXT NOT NULL CHECK (body IN ('WMP','OPCC')),
	value INTEGER NOT NULL CHECK (value >= 0),
	start_date TEXT NOT NULL CHECK (date(start_date, '+0 days') IS start_date),
	end_date TEXT NOT NULL CHECK (date(end_date, '+0 days') IS end_date),
	sv_weight INTEGER NOT NULL CHECK (sv_weight BETWEEN 0 AND 1000),
	manager TEXT CHECK (manager IS NULL OR length(manager) <= 4000),
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
	award_report TEXT CHECK (award_report IS NULL OR length(award_report) <= 4000),
	living_wage TEXT CHECK (living_wage IS NULL OR (living_wage = 'yes' OR living_wage = 'no' OR living_wage = 'n/a')),
	living_wage_date TEXT CHECK (living_wage_date IS NULL OR date(living_wage_date, '+0 days') IS living_wage_date),
	living_wage_note TEXT CHECK (living_wage_note IS NULL OR length(living_wage_note) <= 4000),
	modern_slavery TEXT CHECK (modern_slavery IS NULL OR (modern_slavery = 'yes' OR modern_slavery = 'no' OR modern_slavery = 'n/a')),
	modern_slavery_date TEXT CHECK (modern_slavery_date IS NULL OR date(modern_slavery_date, '+0 days') IS modern_slavery_date),
	modern_slavery_note TEXT CHECK (modern_slavery_note IS NULL OR length(modern_slavery_note) <= 4000),
	import_id INTEGER DEFAULT (sv_import_id()),
	CHECK (end_date >= start_date),
	CHECK (living_wage IS NOT NULL OR (living_wage_date IS NULL AND living_wage_note IS NULL)),
	CHECK (modern_slavery IS NOT NULL OR (modern_slavery_date IS NULL AND modern_slavery_note IS NULL))
) STRICT;
INSERT INTO new_contract (id, ref, title, supplier_id, body, value, start_date, end_date, sv_weight, manager, status, award_report, living_wage, living_wage_date, living_wage_note, modern_slavery, modern_slavery_date, modern_slavery_note, import_id)
SELECT id, ref, title, supplier_id, body, value, start_date, end_date, sv_weight, manager, status, award_report, living_wage, living_wage_date, living_wage_note, modern_slavery, modern_slavery_date, modern_slavery_note, (SELECT coalesce(max(id), 0) + 1 FROM audit) FROM contract ORDER BY id;
DROP TABLE contract;
ALTER TABLE new_contract RENAME TO contract;

CREATE TABLE new_commitment (
	id INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contract(id),
	measure_id INTEGER NOT NULL REFERENCES measure(id),
	year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9998),
	target INTEGER NOT NULL CHECK (target >= 0),
	proxy INTEGER CHECK (proxy IS NULL OR proxy >= 0),
	proxy_set_id INTEGER REFERENCES proxy_set(id),
	note TEXT CHECK (note IS NULL OR length(note) <= 4000),
	import_id INTEGER DEFAULT (sv_import_id()),
	UNIQUE (contract_id, measure_id, year)
) STRICT;
INSERT INTO new_commitment (id, contract_id, measure_id, year, target, proxy, proxy_set_id, note, import_id)
SELECT id, contract_id, measure_id, year, target, proxy, proxy_set_id, note, (SELECT coalesce(max(id), 0) + 1 FROM audit) FROM commitment ORDER BY id;
DROP TABLE commitment;
ALTER TABLE new_commitment RENAME TO commitment;

CREATE TABLE new_return_line (
	id INTEGER PRIMARY KEY,
	commitment_id INTEGER NOT NULL REFERENCES commitment(id),
	quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
	delivered INTEGER NOT NULL CHECK (delivered >= 0),
	evidence TEXT CHECK (evidence IS NULL OR length(evidence) <= 4000),
	submitted TEXT CHECK (submitted IS NULL OR date(submitted, '+0 days') IS submitted),
	status TEXT NOT NULL DEFAULT 'submitted'
		CHECK (status = 'submitted' OR status = 'validated' OR status = 'rejected'
			OR status = 'query'),
	validated INTEGER,
	validated_by TEXT CHECK (validated_by IS NULL OR length(validated_by) BETWEEN 1 AND 200),
	validated_at TEXT CHECK (validated_at IS NULL
		OR strftime('%Y-%m-%dT%H:%M:%SZ', validated_at, '+0 days') IS validated_at),
	reason TEXT CHECK (reason IS NULL OR length(reason) <= 4000),
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	import_id INTEGER DEFAULT (sv_import_id()),
	UNIQUE (commitment_id, quarter),
	CHECK (CASE status
		WHEN 'submitted' THEN validated IS NULL AND validated_by IS NULL
			AND validated_at IS NULL AND reason IS NULL
		WHEN 'validated' THEN validated IS NOT NULL AND validated BETWEEN 0 AND delivered
			AND validated_by IS NOT NULL AND validated_at IS NOT NULL
			AND (validated = delivered OR coalesce(length(trim(reason)), 0) > 0)
		ELSE validated IS NULL AND validated_by IS NOT NULL AND validated_at IS NOT NULL
			AND coalesce(length(trim(reason)), 0) > 0
	END)
) STRICT;
INSERT INTO new_return_line (id, commitment_id, quarter, delivered, evidence, submitted, status, validated, validated_by, validated_at, reason, version, import_id)
SELECT id, commitment_id, quarter, delivered, evidence, submitted, status, validated, validated_by, validated_at, reason, version, (SELECT coalesce(max(id), 0) + 1 FROM audit) FROM return_line ORDER BY id;
DROP TABLE return_line;
ALTER TABLE new_return_line RENAME TO return_line;

CREATE TABLE new_decision (
	id INTEGER PRIMARY KEY,
	return_line_id INTEGER NOT NULL REFERENCES return_line(id),
	status TEXT NOT NULL CHECK (status = 'validated' OR status = 'rejected' OR status = 'query'),
	validated INTEGER CHECK (validated IS NULL OR validated >= 0),
	reason TEXT CHECK (reason IS NULL OR length(reason) <= 4000),
	decided_by TEXT NOT NULL CHECK (length(decided_by) BETWEEN 1 AND 200),
	decided_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', decided_at, '+0 days') IS decided_at),
	origin TEXT NOT NULL CHECK (origin = 'desk' OR origin = 'import' OR origin = 'demo'),
	line_version INTEGER CHECK (line_version IS NULL OR line_version >= 1),
	delivered INTEGER CHECK (delivered IS NULL OR delivered >= 0),
	import_id INTEGER DEFAULT (sv_import_id()),
	CHECK (CASE status
		WHEN 'validated' THEN validated IS NOT NULL
		ELSE validated IS NULL AND coalesce(length(trim(reason)), 0) > 0
	END)
) STRICT;
INSERT INTO new_decision (id, return_line_id, status, validated, reason, decided_by, decided_at, origin, import_id)
SELECT id, return_line_id, status, validated, reason, decided_by, decided_at, origin, (SELECT coalesce(max(id), 0) + 1 FROM audit) FROM decision ORDER BY id;
DROP TABLE decision;
ALTER TABLE new_decision RENAME TO decision;

CREATE TABLE new_highlight (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9998),
	contract_id INTEGER REFERENCES contract(id),
	body TEXT CHECK (body IS NULL OR body IN ('WMP','OPCC')),
	text TEXT NOT NULL CHECK (length(trim(text)) > 0 AND length(text) <= 4000),
	created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 200),
	created_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
	import_id INTEGER DEFAULT (sv_import_id())
) STRICT;
INSERT INTO new_highlight (id, year, contract_id, body, text, created_by, created_at, import_id)
SELECT id, year, contract_id, body, text, created_by, created_at, (SELECT coalesce(max(id), 0) + 1 FROM audit) FROM highlight ORDER BY id;
DROP TABLE highlight;
ALTER TABLE new_highlight RENAME TO highlight;

CREATE TABLE new_questionnaire_answer (
	id INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contract(id),
	topic TEXT NOT NULL CHECK (topic = 'prison_leavers' OR topic = 'design_out_crime'
		OR topic = 'local_plan' OR topic = 'reoffending'),
	answer TEXT NOT NULL CHECK (length(trim(answer)) > 0 AND length(answer) <= 4000),
	recorded_by TEXT NOT NULL CHECK (length(recorded_by) BETWEEN 1 AND 200),
	recorded_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', recorded_at, '+0 days') IS recorded_at),
	import_id INTEGER DEFAULT (sv_import_id()),
	UNIQUE (contract_id, topic)
) STRICT;
INSERT INTO new_questionnaire_answer (id, contract_id, topic, answer, recorded_by, recorded_at, import_id)
SELECT id, contract_id, topic, answer, recorded_by, recorded_at, (SELECT coalesce(max(id), 0) + 1 FROM audit) FROM questionnaire_answer ORDER BY id;
DROP TABLE questionnaire_answer;
ALTER TABLE new_questionnaire_answer RENAME TO questionnaire_answer;

-- ---- the audit log ---------------------------------------------------------------

CREATE TABLE new_audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
		CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', at, '+0 days') IS at),
	who TEXT NOT NULL CHECK (length(who) BETWEEN 1 AND 200),
	origin TEXT NOT NULL CHECK (length(origin) BETWEEN 1 AND 32),
	entity TEXT NOT NULL CHECK (entity = 'theme' OR entity = 'outcome' OR entity = 'measure'
		OR entity = 'proxy_set' OR entity = 'proxy_value' OR entity = 'supplier'
		OR entity = 'contract' OR entity = 'commitment' OR entity = 'return_line'
		OR entity = 'decision' OR entity = 'highlight' OR entity = 'questionnaire_answer'
		OR entity = 'import' OR entity = 'baseline'),
	entity_id INTEGER,
	action TEXT NOT NULL CHECK (action = 'insert' OR action = 'update' OR action = 'delete'
		OR action = 'import' OR action = 'baseline'),
	before TEXT CHECK (before IS NULL OR json_valid(before)),
	after TEXT CHECK (after IS NULL OR json_valid(after)),
	hash BLOB CHECK (hash IS NULL OR length(hash) = 32),
	CHECK (CASE entity
		WHEN 'import' THEN action = 'import' AND entity_id IS NULL
		WHEN 'baseline' THEN action = 'baseline' AND entity_id IS NULL
		ELSE (action = 'insert' OR action = 'update' OR action = 'delete') AND entity_id IS NOT NULL
	END)
) STRICT;
INSERT INTO new_audit (id, at, who, origin, entity, entity_id, action, before, after)
SELECT id, at, who, origin, entity, entity_id, action, before, after FROM audit ORDER BY id;
DROP TABLE audit;
ALTER TABLE new_audit RENAME TO audit;

-- the history of one row (replay, "who changed it last"); the entries a
-- COMMIT seals are those after the last one when its transaction began (a
-- range of ids: no index of unsealed entries is needed)
CREATE INDEX audit_entity ON audit(entity, entity_id, id);

-- Append-only: the one update allowed is the seal (hash from NULL to a
-- value, nothing else changed).
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT (OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.id IS OLD.id
	AND NEW.at IS OLD.at AND NEW.who IS OLD.who AND NEW.origin IS OLD.origin
	AND NEW.entity IS OLD.entity AND NEW.entity_id IS OLD.entity_id
	AND NEW.action IS OLD.action AND NEW.before IS OLD.before AND NEW.after IS OLD.after)
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- ---- indexes ----------------------------------------------------------------------

CREATE UNIQUE INDEX proxy_set_one_current ON proxy_set(is_current) WHERE is_current = 1;
CREATE INDEX measure_outcome ON measure(outcome_id, position);
CREATE INDEX proxy_value_measure ON proxy_value(measure_id, set_id);
CREATE INDEX contract_supplier ON contract(supplier_id, ref);
CREATE INDEX contract_body ON contract(body, ref);
-- reports by year and measure (commitments are found by contract through
-- their UNIQUE key; no query looks them up by measure alone, and measures
-- are never deleted)
CREATE INDEX commitment_year_measure ON commitment(year, measure_id);
CREATE INDEX decision_line ON decision(return_line_id, id);
CREATE INDEX highlight_year ON highlight(year, body);
CREATE INDEX highlight_contract ON highlight(contract_id);

-- ---- the rules (as in version 1; the year rules through sv_ functions) ----------------

CREATE TRIGGER proxy_value_percent BEFORE INSERT ON proxy_value
WHEN NEW.proxy IS NOT NULL
 AND (SELECT unit FROM measure WHERE id = NEW.measure_id) = 'percent'
BEGIN
	SELECT RAISE(ABORT, 'a percent measure is record only: its proxy must be empty');
END;

CREATE TRIGGER measure_percent_unit BEFORE UPDATE OF unit ON measure
WHEN NEW.unit = 'percent'
 AND EXISTS (SELECT 1 FROM proxy_value WHERE measure_id = NEW.id AND proxy IS NOT NULL)
BEGIN
	SELECT RAISE(ABORT, 'a measure with proxy values cannot become a percent measure');
END;

CREATE TRIGGER proxy_value_no_update BEFORE UPDATE ON proxy_value
BEGIN
	SELECT RAISE(ABORT, 'a proxy set is immutable: its values cannot change');
END;

CREATE TRIGGER proxy_value_no_delete BEFORE DELETE ON proxy_value
BEGIN
	SELECT RAISE(ABORT, 'a proxy set is immutable: its values cannot be deleted');
END;

CREATE TRIGGER proxy_set_immutable BEFORE UPDATE ON proxy_set
WHEN NEW.id IS NOT OLD.id OR NEW.name IS NOT OLD.name
  OR NEW.illustrative IS NOT OLD.illustrative OR NEW.created_at IS NOT OLD.created_at
BEGIN
	SELECT RAISE(ABORT, 'a proxy set is immutable: only which set is current may change');
END;

CREATE TRIGGER proxy_set_no_delete BEFORE DELETE ON proxy_set
BEGIN
	SELECT RAISE(ABORT, 'a proxy set is immutable: it cannot be deleted');
END;

CREATE TRIGGER commitment_key_fixed BEFORE UPDATE OF contract_id, measure_id, year ON commitment
WHEN NEW.contract_id IS NOT OLD.contract_id OR NEW.measure_id IS NOT OLD.measure_id
  OR NEW.year IS NOT OLD.year
BEGIN
	SELECT RAISE(ABORT, 'a commitment''s contract, measure and year cannot change');
END;

CREATE TRIGGER commitment_proxy_fixed BEFORE UPDATE OF proxy, proxy_set_id ON commitment
WHEN NEW.proxy IS NOT OLD.proxy OR NEW.proxy_set_id IS NOT OLD.proxy_set_id
BEGIN
	SELECT RAISE(ABORT, 'a commitment keeps its proxy for ever');
END;

CREATE TRIGGER commitment_proxy_from_set BEFORE INSERT ON commitment
WHEN NEW.proxy_set_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM proxy_value
	WHERE set_id = NEW.proxy_set_id AND measure_id = NEW.measure_id AND proxy IS NEW.proxy)
BEGIN
	SELECT RAISE(ABORT, 'the commitment''s proxy is not the value of its proxy set');
END;

CREATE TRIGGER commitment_percent BEFORE INSERT ON commitment
WHEN NEW.proxy IS NOT NULL
 AND (SELECT unit FROM measure WHERE id = NEW.measure_id) = 'percent'
BEGIN
	SELECT RAISE(ABORT, 'a percent measure is record only: its proxy must be empty');
END;

CREATE TRIGGER return_line_key_fixed BEFORE UPDATE OF commitment_id, quarter ON return_line
WHEN NEW.commitment_id IS NOT OLD.commitment_id OR NEW.quarter IS NOT OLD.quarter
BEGIN
	SELECT RAISE(ABORT, 'a return line''s commitment and quarter cannot change');
END;

CREATE TRIGGER return_line_version BEFORE UPDATE ON return_line
WHEN NEW.version IS NOT OLD.version + 1
BEGIN
	SELECT RAISE(ABORT, 'a change to a return line must raise its version by one');
END;

CREATE TRIGGER decision_no_update BEFORE UPDATE ON decision
BEGIN
	SELECT RAISE(ABORT, 'decisions are history: they cannot be changed');
END;

CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
BEGIN
	SELECT RAISE(ABORT, 'decisions are history: they cannot be deleted');
END;

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

CREATE TRIGGER questionnaire_opcc_insert BEFORE INSERT ON questionnaire_answer
WHEN (SELECT body FROM contract WHERE id = NEW.contract_id) IS NOT 'OPCC'
BEGIN
	SELECT RAISE(ABORT, 'the questionnaire is for OPCC contracts only');
END;

CREATE TRIGGER questionnaire_opcc_update BEFORE UPDATE OF contract_id ON questionnaire_answer
WHEN (SELECT body FROM contract WHERE id = NEW.contract_id) IS NOT 'OPCC'
BEGIN
	SELECT RAISE(ABORT, 'the questionnaire is for OPCC contracts only');
END;

CREATE TRIGGER contract_body_questionnaire BEFORE UPDATE OF body ON contract
WHEN NEW.body IS NOT 'OPCC'
 AND EXISTS (SELECT 1 FROM questionnaire_answer WHERE contract_id = NEW.id)
BEGIN
	SELECT RAISE(ABORT, 'the contract has OPCC questionnaire answers: its body must stay OPCC');
END;

-- The financial year of a commitment overlaps its contract's dates.
CREATE TRIGGER commitment_year_insert BEFORE INSERT ON commitment
WHEN NOT EXISTS (SELECT 1 FROM contract WHERE id = NEW.contract_id
	AND start_date <= sv_fy_last(NEW.year) AND end_date >= sv_fy_first(NEW.year))
BEGIN
	SELECT RAISE(ABORT, 'the commitment''s year does not overlap the contract''s dates');
END;

-- A contract's dates cannot move away from its commitments and returns.
CREATE TRIGGER contract_dates_cover BEFORE UPDATE OF start_date, end_date ON contract
WHEN EXISTS (SELECT 1 FROM commitment cm WHERE cm.contract_id = NEW.id
	AND (NEW.start_date > sv_fy_last(cm.year) OR NEW.end_date < sv_fy_first(cm.year)))
  OR EXISTS (SELECT 1 FROM commitment cm JOIN return_line r ON r.commitment_id = cm.id
	WHERE cm.contract_id = NEW.id
	AND (NEW.start_date > sv_quarter_last(cm.year, r.quarter)
	  OR NEW.end_date < sv_quarter_first(cm.year, r.quarter)))
BEGIN
	SELECT RAISE(ABORT, 'the contract''s new dates leave out some of its commitments or returns');
END;

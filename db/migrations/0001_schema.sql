-- 0001_schema.sql: the svdesk data model.
--
-- Units: money in integer pence, quantities in hundredths, proxies in
-- ten-thousandths of a pound, weightings in tenths of a percent.  Dates are
-- 'YYYY-MM-DD' (checked with date(x, '+0 days') IS x, which also refuses
-- 2025-02-30, unlike date(x) alone); times are UTC 'YYYY-MM-DDTHH:MM:SSZ'.
-- Financial year Y runs Y-04-01 .. (Y+1)-03-31.  A CHECK passes on NULL, so
-- the checks of nullable columns say IS NULL / coalesce explicitly.
--
-- Rows hold no times of their own writing: when a row was created and last
-- changed, and by whom, is in the audit log (audit_entity finds it).  The
-- times kept are those that a person records (a decision, a highlight, a
-- questionnaire answer) and a proxy set's edition date.
--
-- The audit triggers call sv_actor() and sv_origin(), SQL functions that
-- svdesk registers on each connection: an audited change made by any other
-- program fails with "no such function".

-- ---- settings ---------------------------------------------------------------

CREATE TABLE meta (
	key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
	value TEXT NOT NULL CHECK (length(value) <= 4000)
) STRICT, WITHOUT ROWID;

-- ---- the TOM catalogue ------------------------------------------------------

CREATE TABLE theme (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, title TEXT NOT NULL, position INTEGER NOT NULL) STRICT;
CREATE TABLE outcome (id INTEGER PRIMARY KEY, theme_id INTEGER NOT NULL REFERENCES theme(id), text TEXT NOT NULL COLLATE NOCASE, position INTEGER NOT NULL, UNIQUE (theme_id, text)) STRICT;
CREATE TABLE measure (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, outcome_id INTEGER NOT NULL REFERENCES outcome(id), title TEXT NOT NULL, unit TEXT NOT NULL CHECK (unit IN ('FTE','weeks','hours','GBP','tCO2e','tonnes','count','percent')), local INTEGER NOT NULL DEFAULT 0 CHECK (local IN (0,1)), position INTEGER NOT NULL) STRICT;
CREATE TABLE proxy_set (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, illustrative INTEGER NOT NULL CHECK (illustrative IN (0,1)), is_current INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0,1)), created_at TEXT NOT NULL) STRICT;
CREATE UNIQUE INDEX proxy_set_one_current ON proxy_set(is_current) WHERE is_current = 1;
-- proxy in ten-thousandths of a pound; NULL = record only
CREATE TABLE proxy_value (set_id INTEGER NOT NULL REFERENCES proxy_set(id), measure_id INTEGER NOT NULL REFERENCES measure(id), proxy INTEGER CHECK (proxy IS NULL OR proxy >= 0), PRIMARY KEY (set_id, measure_id)) STRICT;

CREATE INDEX measure_outcome ON measure(outcome_id, position);
-- "the newest set that lists this measure"
CREATE INDEX proxy_value_measure ON proxy_value(measure_id, set_id);

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

-- ---- suppliers and contracts ------------------------------------------------

CREATE TABLE supplier (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0 AND length(name) <= 4000)
) STRICT;

CREATE TABLE contract (
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
	living_wage TEXT CHECK (living_wage IS NULL OR living_wage IN ('yes','no','n/a')),
	living_wage_date TEXT CHECK (living_wage_date IS NULL OR date(living_wage_date, '+0 days') IS living_wage_date),
	living_wage_note TEXT CHECK (living_wage_note IS NULL OR length(living_wage_note) <= 4000),
	modern_slavery TEXT CHECK (modern_slavery IS NULL OR modern_slavery IN ('yes','no','n/a')),
	modern_slavery_date TEXT CHECK (modern_slavery_date IS NULL OR date(modern_slavery_date, '+0 days') IS modern_slavery_date),
	modern_slavery_note TEXT CHECK (modern_slavery_note IS NULL OR length(modern_slavery_note) <= 4000),
	CHECK (end_date >= start_date),
	CHECK (living_wage IS NOT NULL OR (living_wage_date IS NULL AND living_wage_note IS NULL)),
	CHECK (modern_slavery IS NOT NULL OR (modern_slavery_date IS NULL AND modern_slavery_note IS NULL))
) STRICT;

-- contracts by ref: the UNIQUE index on ref (it holds the id too, so it
-- serves the keyset pages on (ref, id)).
CREATE INDEX contract_supplier ON contract(supplier_id, ref);
CREATE INDEX contract_body ON contract(body, ref);

-- ---- commitments --------------------------------------------------------------

CREATE TABLE commitment (
	id INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contract(id),
	measure_id INTEGER NOT NULL REFERENCES measure(id),
	year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9998),
	target INTEGER NOT NULL CHECK (target >= 0),
	proxy INTEGER CHECK (proxy IS NULL OR proxy >= 0),
	proxy_set_id INTEGER REFERENCES proxy_set(id),
	note TEXT CHECK (note IS NULL OR length(note) <= 4000),
	UNIQUE (contract_id, measure_id, year)
) STRICT;

CREATE INDEX commitment_year_measure ON commitment(year, measure_id);
CREATE INDEX commitment_measure ON commitment(measure_id);

-- The financial year of a commitment overlaps its contract's dates.
CREATE TRIGGER commitment_year_insert BEFORE INSERT ON commitment
WHEN NOT EXISTS (SELECT 1 FROM contract WHERE id = NEW.contract_id
	AND start_date <= printf('%04d-03-31', NEW.year + 1)
	AND end_date >= printf('%04d-04-01', NEW.year))
BEGIN
	SELECT RAISE(ABORT, 'the commitment''s year does not overlap the contract''s dates');
END;

CREATE TRIGGER commitment_key_fixed BEFORE UPDATE OF contract_id, measure_id, year ON commitment
WHEN NEW.contract_id IS NOT OLD.contract_id OR NEW.measure_id IS NOT OLD.measure_id
  OR NEW.year IS NOT OLD.year
BEGIN
	SELECT RAISE(ABORT, 'a commitment''s contract, measure and year cannot change');
END;

-- A commitment keeps the proxy it was made with, for ever.
CREATE TRIGGER commitment_proxy_fixed BEFORE UPDATE OF proxy, proxy_set_id ON commitment
WHEN NEW.proxy IS NOT OLD.proxy OR NEW.proxy_set_id IS NOT OLD.proxy_set_id
BEGIN
	SELECT RAISE(ABORT, 'a commitment keeps its proxy for ever');
END;

-- A proxy taken from a set is that set's value for the measure.
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

-- ---- supplier returns and their validation --------------------------------------

CREATE TABLE return_line (
	id INTEGER PRIMARY KEY,
	commitment_id INTEGER NOT NULL REFERENCES commitment(id),
	quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
	delivered INTEGER NOT NULL CHECK (delivered >= 0),
	evidence TEXT CHECK (evidence IS NULL OR length(evidence) <= 4000),
	submitted TEXT CHECK (submitted IS NULL OR date(submitted, '+0 days') IS submitted),
	status TEXT NOT NULL DEFAULT 'submitted'
		CHECK (status IN ('submitted','validated','rejected','query')),
	validated INTEGER,
	validated_by TEXT CHECK (validated_by IS NULL OR length(validated_by) BETWEEN 1 AND 200),
	validated_at TEXT CHECK (validated_at IS NULL
		OR strftime('%Y-%m-%dT%H:%M:%SZ', validated_at, '+0 days') IS validated_at),
	reason TEXT CHECK (reason IS NULL OR length(reason) <= 4000),
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
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

CREATE INDEX return_line_status ON return_line(status, commitment_id);

-- The quarter overlaps the contract's dates.
CREATE TRIGGER return_line_quarter_insert BEFORE INSERT ON return_line
WHEN NOT EXISTS (SELECT 1 FROM commitment cm JOIN contract c ON c.id = cm.contract_id
	WHERE cm.id = NEW.commitment_id
	AND c.start_date <= date(printf('%04d-04-01', cm.year), printf('+%d months', 3 * NEW.quarter), '-1 day')
	AND c.end_date >= date(printf('%04d-04-01', cm.year), printf('+%d months', 3 * (NEW.quarter - 1))))
BEGIN
	SELECT RAISE(ABORT, 'the return''s quarter does not overlap the contract''s dates');
END;

CREATE TRIGGER return_line_key_fixed BEFORE UPDATE OF commitment_id, quarter ON return_line
WHEN NEW.commitment_id IS NOT OLD.commitment_id OR NEW.quarter IS NOT OLD.quarter
BEGIN
	SELECT RAISE(ABORT, 'a return line''s commitment and quarter cannot change');
END;

-- Optimistic concurrency: every change raises the version by one.
CREATE TRIGGER return_line_version BEFORE UPDATE ON return_line
WHEN NEW.version IS NOT OLD.version + 1
BEGIN
	SELECT RAISE(ABORT, 'a change to a return line must raise its version by one');
END;

-- A contract's dates cannot move away from its commitments and returns.
CREATE TRIGGER contract_dates_cover BEFORE UPDATE OF start_date, end_date ON contract
WHEN EXISTS (SELECT 1 FROM commitment cm WHERE cm.contract_id = NEW.id
	AND (NEW.start_date > printf('%04d-03-31', cm.year + 1)
	  OR NEW.end_date < printf('%04d-04-01', cm.year)))
  OR EXISTS (SELECT 1 FROM commitment cm JOIN return_line r ON r.commitment_id = cm.id
	WHERE cm.contract_id = NEW.id
	AND (NEW.start_date > date(printf('%04d-04-01', cm.year), printf('+%d months', 3 * r.quarter), '-1 day')
	  OR NEW.end_date < date(printf('%04d-04-01', cm.year), printf('+%d months', 3 * (r.quarter - 1)))))
BEGIN
	SELECT RAISE(ABORT, 'the contract''s new dates leave out some of its commitments or returns');
END;

-- The history of decisions on return lines (return_line holds the latest).
CREATE TABLE decision (
	id INTEGER PRIMARY KEY,
	return_line_id INTEGER NOT NULL REFERENCES return_line(id),
	status TEXT NOT NULL CHECK (status IN ('validated','rejected','query')),
	validated INTEGER CHECK (validated IS NULL OR validated >= 0),
	reason TEXT CHECK (reason IS NULL OR length(reason) <= 4000),
	decided_by TEXT NOT NULL CHECK (length(decided_by) BETWEEN 1 AND 200),
	decided_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', decided_at, '+0 days') IS decided_at),
	origin TEXT NOT NULL CHECK (origin IN ('desk','import','demo')),
	CHECK (CASE status
		WHEN 'validated' THEN validated IS NOT NULL
		ELSE validated IS NULL AND coalesce(length(trim(reason)), 0) > 0
	END)
) STRICT;

CREATE INDEX decision_line ON decision(return_line_id, id);

CREATE TRIGGER decision_no_update BEFORE UPDATE ON decision
BEGIN
	SELECT RAISE(ABORT, 'decisions are history: they cannot be changed');
END;

CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
BEGIN
	SELECT RAISE(ABORT, 'decisions are history: they cannot be deleted');
END;

-- ---- board material -------------------------------------------------------------

CREATE TABLE highlight (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9998),
	contract_id INTEGER REFERENCES contract(id),
	body TEXT CHECK (body IS NULL OR body IN ('WMP','OPCC')),
	text TEXT NOT NULL CHECK (length(trim(text)) > 0 AND length(text) <= 4000),
	created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 200),
	created_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at)
) STRICT;

CREATE INDEX highlight_year ON highlight(year, body);
CREATE INDEX highlight_contract ON highlight(contract_id);

-- A contract's highlight carries the contract's body, and follows it.
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

-- The OPCC questionnaire that bidders answer after best and final offers.
CREATE TABLE questionnaire_answer (
	id INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contract(id),
	topic TEXT NOT NULL CHECK (topic IN ('prison_leavers','design_out_crime','local_plan','reoffending')),
	answer TEXT NOT NULL CHECK (length(trim(answer)) > 0 AND length(answer) <= 4000),
	recorded_by TEXT NOT NULL CHECK (length(recorded_by) BETWEEN 1 AND 200),
	recorded_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', recorded_at, '+0 days') IS recorded_at),
	UNIQUE (contract_id, topic)
) STRICT;

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

-- ---- the audit log (append-only) --------------------------------------------------

CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
		CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', at, '+0 days') IS at),
	who TEXT NOT NULL CHECK (length(who) BETWEEN 1 AND 200),
	origin TEXT NOT NULL CHECK (length(origin) BETWEEN 1 AND 32),
	entity TEXT NOT NULL CHECK (entity IN ('supplier','contract','commitment','return_line',
		'decision','highlight','questionnaire_answer')),
	entity_id INTEGER NOT NULL,
	action TEXT NOT NULL CHECK (action IN ('insert','update','delete')),
	before TEXT CHECK (before IS NULL OR json_valid(before)),
	after TEXT CHECK (after IS NULL OR json_valid(after)),
	CHECK ((before IS NULL) = (action = 'insert') AND (after IS NULL) = (action = 'delete'))
) STRICT;

CREATE INDEX audit_at ON audit(at, id);
CREATE INDEX audit_entity ON audit(entity, entity_id, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Every change to these tables is audited: who = sv_actor(), origin = sv_origin().
-- (Decisions are only ever inserted: see decision_no_update/_no_delete.)

CREATE TRIGGER supplier_audit_insert AFTER INSERT ON supplier
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'supplier', NEW.id, 'insert',
		NULL,
		json_object('id', NEW.id, 'name', NEW.name));
END;

CREATE TRIGGER supplier_audit_update AFTER UPDATE ON supplier
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'supplier', NEW.id, 'update',
		json_object('id', OLD.id, 'name', OLD.name),
		json_object('id', NEW.id, 'name', NEW.name));
END;

CREATE TRIGGER supplier_audit_delete AFTER DELETE ON supplier
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'supplier', OLD.id, 'delete',
		json_object('id', OLD.id, 'name', OLD.name),
		NULL);
END;

CREATE TRIGGER contract_audit_insert AFTER INSERT ON contract
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'contract', NEW.id, 'insert',
		NULL,
		json_object('id', NEW.id, 'ref', NEW.ref, 'title', NEW.title, 'supplier_id', NEW.supplier_id,
			'body', NEW.body, 'value', NEW.value, 'start_date', NEW.start_date,
			'end_date', NEW.end_date, 'sv_weight', NEW.sv_weight, 'manager', NEW.manager,
			'status', NEW.status, 'award_report', NEW.award_report, 'living_wage', NEW.living_wage,
			'living_wage_date', NEW.living_wage_date, 'living_wage_note', NEW.living_wage_note,
			'modern_slavery', NEW.modern_slavery, 'modern_slavery_date', NEW.modern_slavery_date,
			'modern_slavery_note', NEW.modern_slavery_note));
END;

CREATE TRIGGER contract_audit_update AFTER UPDATE ON contract
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'contract', NEW.id, 'update',
		json_object('id', OLD.id, 'ref', OLD.ref, 'title', OLD.title, 'supplier_id', OLD.supplier_id,
			'body', OLD.body, 'value', OLD.value, 'start_date', OLD.start_date,
			'end_date', OLD.end_date, 'sv_weight', OLD.sv_weight, 'manager', OLD.manager,
			'status', OLD.status, 'award_report', OLD.award_report, 'living_wage', OLD.living_wage,
			'living_wage_date', OLD.living_wage_date, 'living_wage_note', OLD.living_wage_note,
			'modern_slavery', OLD.modern_slavery, 'modern_slavery_date', OLD.modern_slavery_date,
			'modern_slavery_note', OLD.modern_slavery_note),
		json_object('id', NEW.id, 'ref', NEW.ref, 'title', NEW.title, 'supplier_id', NEW.supplier_id,
			'body', NEW.body, 'value', NEW.value, 'start_date', NEW.start_date,
			'end_date', NEW.end_date, 'sv_weight', NEW.sv_weight, 'manager', NEW.manager,
			'status', NEW.status, 'award_report', NEW.award_report, 'living_wage', NEW.living_wage,
			'living_wage_date', NEW.living_wage_date, 'living_wage_note', NEW.living_wage_note,
			'modern_slavery', NEW.modern_slavery, 'modern_slavery_date', NEW.modern_slavery_date,
			'modern_slavery_note', NEW.modern_slavery_note));
END;

CREATE TRIGGER contract_audit_delete AFTER DELETE ON contract
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'contract', OLD.id, 'delete',
		json_object('id', OLD.id, 'ref', OLD.ref, 'title', OLD.title, 'supplier_id', OLD.supplier_id,
			'body', OLD.body, 'value', OLD.value, 'start_date', OLD.start_date,
			'end_date', OLD.end_date, 'sv_weight', OLD.sv_weight, 'manager', OLD.manager,
			'status', OLD.status, 'award_report', OLD.award_report, 'living_wage', OLD.living_wage,
			'living_wage_date', OLD.living_wage_date, 'living_wage_note', OLD.living_wage_note,
			'modern_slavery', OLD.modern_slavery, 'modern_slavery_date', OLD.modern_slavery_date,
			'modern_slavery_note', OLD.modern_slavery_note),
		NULL);
END;

CREATE TRIGGER commitment_audit_insert AFTER INSERT ON commitment
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'commitment', NEW.id, 'insert',
		NULL,
		json_object('id', NEW.id, 'contract_id', NEW.contract_id, 'measure_id', NEW.measure_id,
			'year', NEW.year, 'target', NEW.target, 'proxy', NEW.proxy,
			'proxy_set_id', NEW.proxy_set_id, 'note', NEW.note));
END;

CREATE TRIGGER commitment_audit_update AFTER UPDATE ON commitment
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'commitment', NEW.id, 'update',
		json_object('id', OLD.id, 'contract_id', OLD.contract_id, 'measure_id', OLD.measure_id,
			'year', OLD.year, 'target', OLD.target, 'proxy', OLD.proxy,
			'proxy_set_id', OLD.proxy_set_id, 'note', OLD.note),
		json_object('id', NEW.id, 'contract_id', NEW.contract_id, 'measure_id', NEW.measure_id,
			'year', NEW.year, 'target', NEW.target, 'proxy', NEW.proxy,
			'proxy_set_id', NEW.proxy_set_id, 'note', NEW.note));
END;

CREATE TRIGGER commitment_audit_delete AFTER DELETE ON commitment
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'commitment', OLD.id, 'delete',
		json_object('id', OLD.id, 'contract_id', OLD.contract_id, 'measure_id', OLD.measure_id,
			'year', OLD.year, 'target', OLD.target, 'proxy', OLD.proxy,
			'proxy_set_id', OLD.proxy_set_id, 'note', OLD.note),
		NULL);
END;

CREATE TRIGGER return_line_audit_insert AFTER INSERT ON return_line
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'return_line', NEW.id, 'insert',
		NULL,
		json_object('id', NEW.id, 'commitment_id', NEW.commitment_id, 'quarter', NEW.quarter,
			'delivered', NEW.delivered, 'evidence', NEW.evidence, 'submitted', NEW.submitted,
			'status', NEW.status, 'validated', NEW.validated, 'validated_by', NEW.validated_by,
			'validated_at', NEW.validated_at, 'reason', NEW.reason, 'version', NEW.version));
END;

CREATE TRIGGER return_line_audit_update AFTER UPDATE ON return_line
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'return_line', NEW.id, 'update',
		json_object('id', OLD.id, 'commitment_id', OLD.commitment_id, 'quarter', OLD.quarter,
			'delivered', OLD.delivered, 'evidence', OLD.evidence, 'submitted', OLD.submitted,
			'status', OLD.status, 'validated', OLD.validated, 'validated_by', OLD.validated_by,
			'validated_at', OLD.validated_at, 'reason', OLD.reason, 'version', OLD.version),
		json_object('id', NEW.id, 'commitment_id', NEW.commitment_id, 'quarter', NEW.quarter,
			'delivered', NEW.delivered, 'evidence', NEW.evidence, 'submitted', NEW.submitted,
			'status', NEW.status, 'validated', NEW.validated, 'validated_by', NEW.validated_by,
			'validated_at', NEW.validated_at, 'reason', NEW.reason, 'version', NEW.version));
END;

CREATE TRIGGER return_line_audit_delete AFTER DELETE ON return_line
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'return_line', OLD.id, 'delete',
		json_object('id', OLD.id, 'commitment_id', OLD.commitment_id, 'quarter', OLD.quarter,
			'delivered', OLD.delivered, 'evidence', OLD.evidence, 'submitted', OLD.submitted,
			'status', OLD.status, 'validated', OLD.validated, 'validated_by', OLD.validated_by,
			'validated_at', OLD.validated_at, 'reason', OLD.reason, 'version', OLD.version),
		NULL);
END;

CREATE TRIGGER decision_audit_insert AFTER INSERT ON decision
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'decision', NEW.id, 'insert',
		NULL,
		json_object('id', NEW.id, 'return_line_id', NEW.return_line_id, 'status', NEW.status,
			'validated', NEW.validated, 'reason', NEW.reason, 'decided_by', NEW.decided_by,
			'decided_at', NEW.decided_at, 'origin', NEW.origin));
END;

CREATE TRIGGER highlight_audit_insert AFTER INSERT ON highlight
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'highlight', NEW.id, 'insert',
		NULL,
		json_object('id', NEW.id, 'year', NEW.year, 'contract_id', NEW.contract_id, 'body', NEW.body,
			'text', NEW.text, 'created_by', NEW.created_by, 'created_at', NEW.created_at));
END;

CREATE TRIGGER highlight_audit_update AFTER UPDATE ON highlight
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'highlight', NEW.id, 'update',
		json_object('id', OLD.id, 'year', OLD.year, 'contract_id', OLD.contract_id, 'body', OLD.body,
			'text', OLD.text, 'created_by', OLD.created_by, 'created_at', OLD.created_at),
		json_object('id', NEW.id, 'year', NEW.year, 'contract_id', NEW.contract_id, 'body', NEW.body,
			'text', NEW.text, 'created_by', NEW.created_by, 'created_at', NEW.created_at));
END;

CREATE TRIGGER highlight_audit_delete AFTER DELETE ON highlight
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'highlight', OLD.id, 'delete',
		json_object('id', OLD.id, 'year', OLD.year, 'contract_id', OLD.contract_id, 'body', OLD.body,
			'text', OLD.text, 'created_by', OLD.created_by, 'created_at', OLD.created_at),
		NULL);
END;

CREATE TRIGGER questionnaire_answer_audit_insert AFTER INSERT ON questionnaire_answer
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'questionnaire_answer', NEW.id, 'insert',
		NULL,
		json_object('id', NEW.id, 'contract_id', NEW.contract_id, 'topic', NEW.topic,
			'answer', NEW.answer, 'recorded_by', NEW.recorded_by, 'recorded_at', NEW.recorded_at));
END;

CREATE TRIGGER questionnaire_answer_audit_update AFTER UPDATE ON questionnaire_answer
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'questionnaire_answer', NEW.id, 'update',
		json_object('id', OLD.id, 'contract_id', OLD.contract_id, 'topic', OLD.topic,
			'answer', OLD.answer, 'recorded_by', OLD.recorded_by, 'recorded_at', OLD.recorded_at),
		json_object('id', NEW.id, 'contract_id', NEW.contract_id, 'topic', NEW.topic,
			'answer', NEW.answer, 'recorded_by', NEW.recorded_by, 'recorded_at', NEW.recorded_at));
END;

CREATE TRIGGER questionnaire_answer_audit_delete AFTER DELETE ON questionnaire_answer
BEGIN
	INSERT INTO audit (who, origin, entity, entity_id, action, before, after)
	VALUES (sv_actor(), sv_origin(), 'questionnaire_answer', OLD.id, 'delete',
		json_object('id', OLD.id, 'contract_id', OLD.contract_id, 'topic', OLD.topic,
			'answer', OLD.answer, 'recorded_by', OLD.recorded_by, 'recorded_at', OLD.recorded_at),
		NULL);
END;

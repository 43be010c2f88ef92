-- 0005_browse.sql: the desk's figures and search text (schema version 5).
--
-- The desk lists every contract with its £SV committed, delivered and
-- validated for a financial year, and sorts and pages on those figures.
-- Summing return lines for each row on the screen (or for every contract
-- to sort them) costs a walk of the year's lines; instead each contract
-- and year has one row of totals here, kept current by triggers on
-- commitment and return_line, so that every write path (import, the demo,
-- the desk's decisions and forms) keeps it right, and a sort on a figure
-- pages through an index.
--
-- The arithmetic is done by SQL functions that svdesk registers (db/sqlfn.c),
-- never by SQL's own operators, which turn an integer that overflows into a
-- REAL without a word:
--   sv_sv(qty, proxy)         the £SV of a quantity, rounded per line as the
--                             reports round it (sv_value); 0 for no proxy
--   sv_add(a, b), sv_sub(a, b), sv_sum(x) (aggregate)
--   sv_ratio(validated, committed)   validated x 10000 / committed,
--                             truncated; -1 when nothing is committed
--   sv_fold(text, ...)        the search text (browse_fold), parts joined
--                             by a line feed (which no folded search has)
-- each raising an error on overflow, so the write that would overflow a
-- total fails and writes nothing.  Another program that writes these
-- tables fails with "no such function", as the audit triggers make it.
--
-- These tables are derived data, not records: they are not audited (no
-- entries, no import digests) and svdesk check integrity recomputes them.
-- The figures of a year follow the report module's rules (src/report.c):
-- committed, the £SV of each commitment of the year at its target;
-- delivered, of each of its return lines at the delivered quantity
-- whatever its status; validated, of each validated line at its validated
-- quantity; awaiting, the lines submitted or in query; returned, bit q-1
-- set when a line for quarter q exists.  measure_year holds the same
-- figures by measure, for the measures tree, with the quantities.

CREATE TABLE contract_year (
	contract_id INTEGER NOT NULL,
	year INTEGER NOT NULL,
	committed INTEGER NOT NULL,
	delivered INTEGER NOT NULL,
	validated INTEGER NOT NULL,
	ratio_bp INTEGER NOT NULL,
	awaiting INTEGER NOT NULL,
	returned INTEGER NOT NULL,
	PRIMARY KEY (contract_id, year)
) STRICT, WITHOUT ROWID;

-- The sorts on a figure of a year: a contract with no row sorts as one
-- with 0 (ratio -1), which db/browse.c pages through contract itself.
CREATE INDEX contract_year_committed ON contract_year(year, committed, contract_id);
CREATE INDEX contract_year_delivered ON contract_year(year, delivered, contract_id);
CREATE INDEX contract_year_validated ON contract_year(year, validated, contract_id);
CREATE INDEX contract_year_ratio ON contract_year(year, ratio_bp, contract_id);

-- The measures tree: each measure's figures of a year in £SV and in its
-- unit (quantities), and the contracts that commit to it (one commitment
-- per contract, measure and year).
CREATE TABLE measure_year (
	measure_id INTEGER NOT NULL,
	year INTEGER NOT NULL,
	committed INTEGER NOT NULL,
	delivered INTEGER NOT NULL,
	validated INTEGER NOT NULL,
	q_committed INTEGER NOT NULL,
	q_delivered INTEGER NOT NULL,
	q_validated INTEGER NOT NULL,
	contracts INTEGER NOT NULL,
	PRIMARY KEY (measure_id, year)
) STRICT, WITHOUT ROWID;

-- The search text of a contract (ref and title) and of a supplier (name).
CREATE TABLE contract_fold (id INTEGER PRIMARY KEY, fold TEXT NOT NULL) STRICT;
CREATE TABLE supplier_fold (id INTEGER PRIMARY KEY, fold TEXT NOT NULL) STRICT;

-- The sorts on a contract's own columns (each index ends in the id).
CREATE INDEX contract_value ON contract(value);
CREATE INDEX contract_weight ON contract(sv_weight);
CREATE INDEX contract_title ON contract(title);
CREATE INDEX contract_body_id ON contract(body);
CREATE INDEX contract_supplier_id ON contract(supplier_id);

-- ---- the rows of databases that exist ------------------------------------------

INSERT INTO contract_fold (id, fold) SELECT id, sv_fold(ref, title) FROM contract ORDER BY id;
INSERT INTO supplier_fold (id, fold) SELECT id, sv_fold(name) FROM supplier ORDER BY id;

INSERT INTO contract_year (contract_id, year, committed, delivered, validated, ratio_bp,
	awaiting, returned)
SELECT contract_id, year, sv_sum(sv_sv(target, proxy)), 0, 0, sv_ratio(0, sv_sum(sv_sv(target, proxy))), 0, 0
FROM commitment GROUP BY contract_id, year;

UPDATE contract_year SET delivered = t.delivered, validated = t.validated,
	ratio_bp = sv_ratio(t.validated, contract_year.committed), awaiting = t.awaiting,
	returned = t.returned
FROM (SELECT cm.contract_id AS contract_id, cm.year AS year,
		sv_sum(sv_sv(r.delivered, cm.proxy)) AS delivered,
		sv_sum(CASE WHEN r.status = 'validated' THEN sv_sv(r.validated, cm.proxy) ELSE 0 END)
			AS validated,
		sum(r.status = 'submitted' OR r.status = 'query') AS awaiting,
		max(r.quarter = 1) | (max(r.quarter = 2) << 1) | (max(r.quarter = 3) << 2)
			| (max(r.quarter = 4) << 3) AS returned
	FROM commitment cm JOIN return_line r ON r.commitment_id = cm.id
	GROUP BY cm.contract_id, cm.year) AS t
WHERE contract_year.contract_id = t.contract_id AND contract_year.year = t.year;

INSERT INTO measure_year (measure_id, year, committed, delivered, validated, q_committed,
	q_delivered, q_validated, contracts)
SELECT measure_id, year, sv_sum(sv_sv(target, proxy)), 0, 0, sv_sum(target), 0, 0, count(*)
FROM commitment GROUP BY measure_id, year;

UPDATE measure_year SET delivered = t.delivered, validated = t.validated,
	q_delivered = t.q_delivered, q_validated = t.q_validated
FROM (SELECT cm.measure_id AS measure_id, cm.year AS year,
		sv_sum(sv_sv(r.delivered, cm.proxy)) AS delivered,
		sv_sum(CASE WHEN r.status = 'validated' THEN sv_sv(r.validated, cm.proxy) ELSE 0 END)
			AS validated,
		sv_sum(r.delivered) AS q_delivered,
		sv_sum(CASE WHEN r.status = 'validated' THEN r.validated ELSE 0 END) AS q_validated
	FROM commitment cm JOIN return_line r ON r.commitment_id = cm.id
	GROUP BY cm.measure_id, cm.year) AS t
WHERE measure_year.measure_id = t.measure_id AND measure_year.year = t.year;

-- ---- kept current by every write --------------------------------------------------
-- Each trigger adds its change to the row of the contract and year (made
-- by the first commitment of that year); an update adds the difference.
-- An import (or the demo) is written faster without a trigger per row: as
-- with the audit log's insert triggers, svdesk drops the two insert
-- triggers for the session and puts them back, as they are here, before it
-- ends; it then adds the figures of the rows that carry the import's id,
-- summed by contract and year (db_totals_add_import, db/sqlfn.c).  So the
-- update and delete triggers leave out a row the session itself added.

CREATE TRIGGER commitment_year_total_insert AFTER INSERT ON commitment
BEGIN
	INSERT INTO contract_year (contract_id, year, committed, delivered, validated, ratio_bp,
		awaiting, returned)
	VALUES (NEW.contract_id, NEW.year, sv_sv(NEW.target, NEW.proxy), 0, 0,
		sv_ratio(0, sv_sv(NEW.target, NEW.proxy)), 0, 0)
	ON CONFLICT (contract_id, year) DO UPDATE SET
		committed = sv_add(committed, excluded.committed),
		ratio_bp = sv_ratio(validated, sv_add(committed, excluded.committed));
	INSERT INTO measure_year (measure_id, year, committed, delivered, validated, q_committed,
		q_delivered, q_validated, contracts)
	VALUES (NEW.measure_id, NEW.year, sv_sv(NEW.target, NEW.proxy), 0, 0, NEW.target, 0, 0, 1)
	ON CONFLICT (measure_id, year) DO UPDATE SET
		committed = sv_add(committed, excluded.committed),
		q_committed = sv_add(q_committed, excluded.q_committed),
		contracts = contracts + 1;
END;

CREATE TRIGGER commitment_year_total_update AFTER UPDATE OF target ON commitment
WHEN NEW.target IS NOT OLD.target AND coalesce(OLD.import_id = sv_import_id(), 0) = 0
BEGIN
	UPDATE contract_year SET
		committed = sv_add(sv_sub(committed, sv_sv(OLD.target, OLD.proxy)),
			sv_sv(NEW.target, NEW.proxy)),
		ratio_bp = sv_ratio(validated, sv_add(sv_sub(committed, sv_sv(OLD.target, OLD.proxy)),
			sv_sv(NEW.target, NEW.proxy)))
	WHERE contract_id = NEW.contract_id AND year = NEW.year;
	UPDATE measure_year SET
		committed = sv_add(sv_sub(committed, sv_sv(OLD.target, OLD.proxy)),
			sv_sv(NEW.target, NEW.proxy)),
		q_committed = sv_add(sv_sub(q_committed, OLD.target), NEW.target)
	WHERE measure_id = NEW.measure_id AND year = NEW.year;
END;

CREATE TRIGGER commitment_year_total_delete AFTER DELETE ON commitment
WHEN coalesce(OLD.import_id = sv_import_id(), 0) = 0
BEGIN
	UPDATE contract_year SET
		committed = sv_sub(committed, sv_sv(OLD.target, OLD.proxy)),
		ratio_bp = sv_ratio(validated, sv_sub(committed, sv_sv(OLD.target, OLD.proxy)))
	WHERE contract_id = OLD.contract_id AND year = OLD.year;
	UPDATE measure_year SET
		committed = sv_sub(committed, sv_sv(OLD.target, OLD.proxy)),
		q_committed = sv_sub(q_committed, OLD.target),
		contracts = contracts - 1
	WHERE measure_id = OLD.measure_id AND year = OLD.year;
END;

CREATE TRIGGER return_line_year_total_insert AFTER INSERT ON return_line
BEGIN
	INSERT INTO contract_year (contract_id, year, committed, delivered, validated, ratio_bp,
		awaiting, returned)
	SELECT cm.contract_id, cm.year, 0, sv_sv(NEW.delivered, cm.proxy),
		CASE WHEN NEW.status = 'validated' THEN sv_sv(NEW.validated, cm.proxy) ELSE 0 END,
		-1, NEW.status = 'submitted' OR NEW.status = 'query', 1 << (NEW.quarter - 1)
	FROM commitment cm WHERE cm.id = NEW.commitment_id
	ON CONFLICT (contract_id, year) DO UPDATE SET
		delivered = sv_add(delivered, excluded.delivered),
		validated = sv_add(validated, excluded.validated),
		ratio_bp = sv_ratio(sv_add(validated, excluded.validated), committed),
		awaiting = awaiting + excluded.awaiting,
		returned = returned | excluded.returned;
	UPDATE measure_year SET
		delivered = sv_add(delivered, sv_sv(NEW.delivered, t.proxy)),
		validated = sv_add(validated, CASE WHEN NEW.status = 'validated'
			THEN sv_sv(NEW.validated, t.proxy) ELSE 0 END),
		q_delivered = sv_add(q_delivered, NEW.delivered),
		q_validated = sv_add(q_validated, CASE WHEN NEW.status = 'validated'
			THEN NEW.validated ELSE 0 END)
	FROM (SELECT cm.measure_id AS measure_id, cm.year AS year, cm.proxy AS proxy
		FROM commitment cm WHERE cm.id = NEW.commitment_id) AS t
	WHERE measure_year.measure_id = t.measure_id AND measure_year.year = t.year;
END;

CREATE TRIGGER return_line_year_total_update AFTER UPDATE OF delivered, status, validated ON return_line
WHEN (NEW.delivered IS NOT OLD.delivered OR NEW.status IS NOT OLD.status
  OR NEW.validated IS NOT OLD.validated) AND coalesce(OLD.import_id = sv_import_id(), 0) = 0
BEGIN
	UPDATE contract_year SET
		delivered = sv_add(sv_sub(delivered, sv_sv(OLD.delivered, t.proxy)),
			sv_sv(NEW.delivered, t.proxy)),
		validated = sv_add(sv_sub(validated, t.old_v), t.new_v),
		ratio_bp = sv_ratio(sv_add(sv_sub(validated, t.old_v), t.new_v), committed),
		awaiting = awaiting - (OLD.status = 'submitted' OR OLD.status = 'query')
			+ (NEW.status = 'submitted' OR NEW.status = 'query')
	FROM (SELECT cm.contract_id AS contract_id, cm.year AS year, cm.proxy AS proxy,
			CASE WHEN OLD.status = 'validated' THEN sv_sv(OLD.validated, cm.proxy)
				ELSE 0 END AS old_v,
			CASE WHEN NEW.status = 'validated' THEN sv_sv(NEW.validated, cm.proxy)
				ELSE 0 END AS new_v
		FROM commitment cm WHERE cm.id = NEW.commitment_id) AS t
	WHERE contract_year.contract_id = t.contract_id AND contract_year.year = t.year;
	UPDATE measure_year SET
		delivered = sv_add(sv_sub(delivered, sv_sv(OLD.delivered, t.proxy)),
			sv_sv(NEW.delivered, t.proxy)),
		validated = sv_add(sv_sub(validated, t.old_v), t.new_v),
		q_delivered = sv_add(sv_sub(q_delivered, OLD.delivered), NEW.delivered),
		q_validated = sv_add(sv_sub(q_validated, t.old_q), t.new_q)
	FROM (SELECT cm.measure_id AS measure_id, cm.year AS year, cm.proxy AS proxy,
			CASE WHEN OLD.status = 'validated' THEN sv_sv(OLD.validated, cm.proxy)
				ELSE 0 END AS old_v,
			CASE WHEN NEW.status = 'validated' THEN sv_sv(NEW.validated, cm.proxy)
				ELSE 0 END AS new_v,
			CASE WHEN OLD.status = 'validated' THEN OLD.validated ELSE 0 END AS old_q,
			CASE WHEN NEW.status = 'validated' THEN NEW.validated ELSE 0 END AS new_q
		FROM commitment cm WHERE cm.id = NEW.commitment_id) AS t
	WHERE measure_year.measure_id = t.measure_id AND measure_year.year = t.year;
END;

CREATE TRIGGER return_line_year_total_delete AFTER DELETE ON return_line
WHEN coalesce(OLD.import_id = sv_import_id(), 0) = 0
BEGIN
	UPDATE contract_year SET
		delivered = sv_sub(delivered, sv_sv(OLD.delivered, t.proxy)),
		validated = sv_sub(validated, t.old_v),
		ratio_bp = sv_ratio(sv_sub(validated, t.old_v), committed),
		awaiting = awaiting - (OLD.status = 'submitted' OR OLD.status = 'query'),
		returned = (returned & ~(1 << (OLD.quarter - 1))) | (CASE WHEN EXISTS (SELECT 1
			FROM commitment o JOIN return_line r ON r.commitment_id = o.id
			WHERE o.contract_id = t.contract_id AND o.year = t.year
			AND r.quarter = OLD.quarter) THEN 1 << (OLD.quarter - 1) ELSE 0 END)
	FROM (SELECT cm.contract_id AS contract_id, cm.year AS year, cm.proxy AS proxy,
			CASE WHEN OLD.status = 'validated' THEN sv_sv(OLD.validated, cm.proxy)
				ELSE 0 END AS old_v
		FROM commitment cm WHERE cm.id = OLD.commitment_id) AS t
	WHERE contract_year.contract_id = t.contract_id AND contract_year.year = t.year;
	UPDATE measure_year SET
		delivered = sv_sub(delivered, sv_sv(OLD.delivered, t.proxy)),
		validated = sv_sub(validated, t.old_v),
		q_delivered = sv_sub(q_delivered, OLD.delivered),
		q_validated = sv_sub(q_validated, CASE WHEN OLD.status = 'validated'
			THEN OLD.validated ELSE 0 END)
	FROM (SELECT cm.measure_id AS measure_id, cm.year AS year, cm.proxy AS proxy,
			CASE WHEN OLD.status = 'validated' THEN sv_sv(OLD.validated, cm.proxy)
				ELSE 0 END AS old_v
		FROM commitment cm WHERE cm.id = OLD.commitment_id) AS t
	WHERE measure_year.measure_id = t.measure_id AND measure_year.year = t.year;
END;

CREATE TRIGGER contract_fold_insert AFTER INSERT ON contract
BEGIN
	INSERT INTO contract_fold (id, fold) VALUES (NEW.id, sv_fold(NEW.ref, NEW.title));
END;

CREATE TRIGGER contract_fold_update AFTER UPDATE OF id, ref, title ON contract
WHEN NEW.id IS NOT OLD.id OR NEW.ref IS NOT OLD.ref OR NEW.title IS NOT OLD.title
BEGIN
	DELETE FROM contract_fold WHERE id = OLD.id;
	INSERT INTO contract_fold (id, fold) VALUES (NEW.id, sv_fold(NEW.ref, NEW.title));
END;

CREATE TRIGGER contract_fold_delete AFTER DELETE ON contract
BEGIN
	DELETE FROM contract_fold WHERE id = OLD.id;
END;

CREATE TRIGGER supplier_fold_insert AFTER INSERT ON supplier
BEGIN
	INSERT INTO supplier_fold (id, fold) VALUES (NEW.id, sv_fold(NEW.name));
END;

CREATE TRIGGER supplier_fold_update AFTER UPDATE OF id, name ON supplier
WHEN NEW.id IS NOT OLD.id OR NEW.name IS NOT OLD.name
BEGIN
	DELETE FROM supplier_fold WHERE id = OLD.id;
	INSERT INTO supplier_fold (id, fold) VALUES (NEW.id, sv_fold(NEW.name));
END;

CREATE TRIGGER supplier_fold_delete AFTER DELETE ON supplier
BEGIN
	DELETE FROM supplier_fold WHERE id = OLD.id;
END;

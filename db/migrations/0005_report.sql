-- 0005_report.sql: indexes for the board reports (schema version 5).
--
-- A board report reads the commitments of a year and the return lines of
-- eight quarters (the trend, which holds the report's own lines).  Both
-- indexes cover those reads, so that they walk the index alone instead of
-- looking each row up in its table:
-- * commitment_report: a year's commitments by contract, with the columns
--   that value them (also what the chase list and the supplier templates
--   read of a quarter's running commitments);
-- * return_line_report: a commitment's lines by quarter, with status and
--   quantities.
-- Neither is a rule: the UNIQUE keys of both tables stay as they were.

CREATE INDEX commitment_report ON commitment(year, contract_id, measure_id, target, proxy, proxy_set_id);
CREATE INDEX return_line_report ON return_line(commitment_id, quarter, status, delivered, validated);

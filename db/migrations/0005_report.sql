-- 0005_report.sql: indexes for the board reports (schema version 5).
--
-- A board report reads, for the contracts of its bodies, the commitments
-- of a year and the return lines of eight quarters (the trend, which holds
-- the report's own lines).  Both indexes cover those reads, so that they
-- walk indexes alone, contract by contract, instead of looking each row up
-- in its table or reading the rows of the other body:
-- * commitment_report: a contract's commitments by year, with the columns
--   that value them;
-- * return_line_report: a commitment's lines by quarter, with status and
--   quantities.
-- Neither is a rule: the UNIQUE keys of both tables stay as they were.

CREATE INDEX commitment_report ON commitment(contract_id, year, measure_id, target, proxy, proxy_set_id);
CREATE INDEX return_line_report ON return_line(commitment_id, quarter, status, delivered, validated);

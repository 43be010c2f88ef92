#!/bin/sh
# import: exit codes, faults on stderr as FILE:LINE:COLUMN, the summary on
# stdout, standard input, dry runs, a rejected file leaves the database
# byte for byte as it was, and a fresh database takes contracts as the
# empty list's hint says.
. "$top_srcdir/tests/lib.sh"

dump() { sqlite3 -readonly -batch "$1" .dump; }

# A fresh database, then the contracts of the empty list's hint.
"$SVDESK" init --db sv.db >/dev/null || exit 99
cat > contracts.csv <<'CSV'
ref,title,supplier,body,value,start,end,sv_weight,manager
C-1,Cleaning,Acme  Ltd,wmp,"£1,200,000.00",2025-04-01,2027-03-31,12.5,Ann Smith
C-2,Catering,ACME LTD,OPCC,50000,2025-04-01,2026-03-31,10%,
CSV
run "$SVDESK" import contracts contracts.csv --db sv.db
check "import contracts into a fresh database (0)" rc_is 0
check "the summary on stdout" out_has "contracts: 2 added, 0 changed, 0 unchanged; suppliers: 1 added"
check "nothing on stderr" err_empty
check "one supplier, first spelling kept" [ "$(sql sv.db 'SELECT group_concat(name) FROM supplier')" = "Acme  Ltd" ]
check "the list has the contracts" [ "$(sql sv.db 'SELECT count(*) FROM contract')" = 2 ]

run "$SVDESK" import contracts contracts.csv --db sv.db
check "a second import changes nothing" out_has "contracts: 0 added, 0 changed, 2 unchanged; suppliers: 0 added"

cat > commitments.csv <<'CSV'
contract,measure,year,target
C-1,NT1,2025/26,2
C-1,NT1,2026/27,3
C-2,NT18,2025/26,"£1,000"
CSV
run "$SVDESK" import commitments commitments.csv --db sv.db
check "import commitments (0)" rc_is 0
check "... 3 added" out_has "commitments: 3 added"

# A file with faults: every fault, positions, exit 3, nothing written.
cat > bad.csv <<'CSV'
contract,quarter,measure,delivered,evidence
C-1,2025/26-Q1,NT1,1.5,payroll
C-1,2025/26 Q2,NT1,"12,5",
C-9,2025/26 Q2,NT1,1,
C-1,2025/26-Q1,NT1,1.5,payroll
CSV
dump sv.db > before.sql
cp sv.db before.db
run "$SVDESK" import returns bad.csv --db sv.db
check "a bad file is rejected (3)" rc_is 3
check "the bad quantity at its line and column" err_has 'bad.csv:3:20: delivered: "12,5" is not a quantity'
check "a contract that does not exist" err_has 'bad.csv:4:1: contract: no contract with ref "C-9"'
check "a duplicate names the earlier line" err_has 'bad.csv:5:1: contract: the line of C-1 for NT1 in 2025/26 Q1 is on line 2 already'
check "a closing line says nothing was written" err_has "svdesk: bad.csv rejected: 3 problems found; nothing was written"
check "nothing on stdout" out_empty
dump sv.db > after.sql
check "the database dump is unchanged" cmp -s before.sql after.sql
check "not one line was written" [ "$(sql sv.db 'SELECT count(*) FROM return_line')" = 0 ]

# Standard input, dry run.
cat > returns.csv <<'CSV'
contract,quarter,measure,delivered,evidence,title,unit,target
C-1,2025/26-Q1,NT1,1.5,payroll,Local people employed,FTE,2
C-1,2025/26-Q2,NT1,,,Local people employed,FTE,2
CSV
"$SVDESK" import returns - --dry-run --db sv.db < returns.csv > out 2> err
RC=$?
check "a dry run from standard input (0)" rc_is 0
check "... says nothing was written" out_has "returns: 1 added, 0 changed, 0 unchanged, 1 skipped (blank) (dry run: nothing written)"
check "... and writes nothing" [ "$(sql sv.db 'SELECT count(*) FROM return_line')" = 0 ]
printf 'contract,quarter,measure,delivered\nC-1,2025/26-Q1,NT1,x\n' | "$SVDESK" import returns - --db sv.db > out 2> err
RC=$?
check "bad standard input is rejected (3)" rc_is 3
check "... named <stdin> in the message" err_has '<stdin>:2:20: delivered: "x" is not a quantity' 
"$SVDESK" import returns - --db sv.db < returns.csv > out 2> err
RC=$?
check "import from standard input (0)" rc_is 0
check "... the line is written" [ "$(sql sv.db 'SELECT delivered FROM return_line')" = 150 ]
check "no progress in a pipe" err_empty

# Usage.
run "$SVDESK" import --db sv.db
check "no kind nor file is a usage error (2)" rc_is 2
run "$SVDESK" import payments x.csv --db sv.db
check "an unknown kind is a usage error (2)" rc_is 2
check "... naming the kinds" err_has "measures, contracts, commitments, returns, highlights or answers"
run "$SVDESK" import returns missing.csv --db sv.db
check "a missing file (1)" rc_is 1
check "... named" err_has "missing.csv: cannot open"
run "$SVDESK" export --dry-run --db sv.db
check "--dry-run goes with import only (2)" rc_is 2

# one supplier-name rule for the import and for export --supplier
"$SVDESK" init --db names.db >/dev/null
printf 'ref,title,supplier,body,value,start,end,sv_weight\nN-1,One,\303\211VORA  CAF\303\211,WMP,1,2025-04-01,2026-03-31,10\nN-2,Two,\303\251vora\302\240caf\303\251,WMP,1,2025-04-01,2026-03-31,10\n' > names.csv
run "$SVDESK" import contracts names.csv --db names.db
check "names that differ in case beyond ASCII and in their spaces are one supplier" \
	sh -c "grep -q 'suppliers: 1 added' '$WORK/out' && [ \"\$(sqlite3 names.db 'SELECT count(*) FROM supplier')\" = 1 ]"

done_testing

#!/bin/sh
# chase: the missing returns of a quarter equal an independent count in SQL
# (spec, Board reports: a contract with a commitment in the quarter's year,
# whose dates overlap the quarter, with no return line for the quarter).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
"$SVDESK" demo --db demo.db >/dev/null || exit 99

BOM=$(printf '\357\273\277')
CR=$(printf '\r')

# expected FY Q FIRST LAST: the contracts of the quarter, and how many of
# their commitments have a line for it, as "ref|supplier|expected|returned".
expected() {
	sql "$5" "SELECT c.ref || '|' || s.name || '|' || count(*) || '|' ||
		sum(EXISTS (SELECT 1 FROM return_line r WHERE r.commitment_id = m.id AND r.quarter = $2))
		FROM commitment m JOIN contract c ON c.id = m.contract_id
		JOIN supplier s ON s.id = c.supplier_id
		WHERE m.year = $1 AND c.start_date <= '$4' AND c.end_date >= '$3'
		GROUP BY c.id ORDER BY c.ref"
}
# missing_count FY Q FIRST LAST DB: the board reports' definition, counted.
missing_count() {
	sql "$5" "SELECT count(*) FROM contract c
		WHERE EXISTS (SELECT 1 FROM commitment m WHERE m.contract_id = c.id AND m.year = $1)
		AND c.start_date <= '$4' AND c.end_date >= '$3'
		AND NOT EXISTS (SELECT 1 FROM commitment m JOIN return_line r ON r.commitment_id = m.id
			WHERE m.contract_id = c.id AND m.year = $1 AND r.quarter = $2)"
}
csv_rows() { tail -n +2 "$1" | grep -c .; }

for spec in "2025 1 2025-04-01 2025-06-30" "2025 4 2026-01-01 2026-03-31" \
	    "2026 1 2026-04-01 2026-06-30" "2026 2 2026-07-01 2026-09-30" \
	    "2026 3 2026-10-01 2026-12-31"; do
	set -- $spec
	label="$1/$(printf '%02d' $((($1 + 1) % 100)))-Q$2"
	n=$(missing_count "$1" "$2" "$3" "$4" demo.db)
	run "$SVDESK" chase --db demo.db --quarter "$label" --format csv
	check "chase $label: exit 0" rc_is 0
	check "chase $label: the CSV lists as many contracts as SQL counts ($n)" [ "$(csv_rows out)" = "$n" ]
	want=$(expected "$1" "$2" "$3" "$4" demo.db | awk -F'|' '$4 == 0 { print $1 }' | sort)
	got=$(tail -n +2 out | cut -d, -f2 | sort)
	check "chase $label: the same contracts" [ "$got" = "$want" ]
	run "$SVDESK" chase --db demo.db --quarter "$label"
	if [ "$n" = 0 ]; then
		check "chase $label (text): says none is missing" out_has "No contract is missing a return"
	else
		check "chase $label (text): the count at the end" \
			[ "$(tail -n 1 out)" = "$n contract$( [ "$n" = 1 ] || echo s) with no return for ${label%-Q*} Q$2." ]
	fi
done

# The demo's last completed quarter has missing returns: look at it closely.
Q=2026/27-Q2
n=$(missing_count 2026 2 2026-07-01 2026-09-30 demo.db)
check "the demo has missing returns in $Q (test data)" [ "$n" -gt 0 ]

run "$SVDESK" chase --db demo.db
check "no --quarter: the last completed quarter (SVDESK_NOW 2026-11-27: $Q)" \
	out_has "Returns missing for 2026/27 Q2 (01/07/2026 to 30/09/2026), all bodies"
run "$SVDESK" chase --db demo.db --quarter "$Q" --format text
check "text: a header row" sh -c 'sed -n 3p out | grep -q "^SUPPLIER  *CONTRACT  *TITLE  *BODY  *MANAGER  *MEASURES$"'
check "text: one row per contract" [ "$(sed -n '4,$p' out | grep -c '^[^ ].*  ')" = "$n" ]
check "text: no CR, no byte-order mark" sh -c "! grep -q '$CR' out && ! grep -q '$BOM' out"
# sorted by supplier (without case), then ref
sql demo.db "SELECT s.name || '|' || c.ref FROM contract c JOIN supplier s ON s.id = c.supplier_id" > names
run "$SVDESK" chase --db demo.db --quarter "$Q" --format csv
tail -n +2 out | sed "s/$CR\$//" | cut -d, -f1,2 | tr , '|' > order
check "csv: sorted by supplier, then ref" sh -c 'sort -f -t"|" -k1,1 -k2,2 -s order | cmp -s - order'
check "csv: the header for a mail merge" \
	[ "$(head -n 1 out)" = "supplier,contract,title,body,manager,return,measures$CR" ]
ref=$(sed -n 2p out | cut -d, -f2)
codes=$(sql demo.db "SELECT x.code FROM commitment m JOIN contract c ON c.id = m.contract_id
	JOIN measure x ON x.id = m.measure_id WHERE c.ref = '$ref' AND m.year = 2026 ORDER BY x.code" | tr '\n' ' ')
row=$(sql demo.db "SELECT s.name || ',' || c.ref || ',' || c.title || ',' || c.body || ',' ||
	coalesce(c.manager, '') FROM contract c JOIN supplier s ON s.id = c.supplier_id WHERE c.ref = '$ref'")
check "csv: supplier, contract, title, body, manager, missing, the measures expected" \
	out_has "$row,missing,${codes% }$CR"

# --incomplete: make one contract's return partial (one line set aside with
# its audit trigger, which is put back as it was).
cp demo.db part.db
pick=$(expected 2026 2 2026-07-01 2026-09-30 part.db | awk -F'|' '$3 >= 2 && $4 == $3 { print $1; exit }')
check "a contract that returned every measure in $Q (test data)" [ -n "$pick" ]
trig=$(sql part.db "SELECT sql FROM sqlite_schema WHERE name = 'return_line_audit_delete'")
# (and the year totals' trigger, which calls svdesk's SQL functions)
total=$(sql part.db "SELECT sql FROM sqlite_schema WHERE name = 'return_line_year_total_delete'")
sqlite3 part.db "DROP TRIGGER return_line_audit_delete; DROP TRIGGER return_line_year_total_delete;
	DELETE FROM return_line WHERE id = (SELECT min(r.id) FROM return_line r
		JOIN commitment m ON m.id = r.commitment_id JOIN contract c ON c.id = m.contract_id
		WHERE c.ref = '$pick' AND m.year = 2026 AND r.quarter = 2);
	$trig; $total;" || exit 99
gone=$(expected 2026 2 2026-07-01 2026-09-30 part.db | awk -F'|' -v p="$pick" '$1 == p { print $3 - $4 }')
check "... now missing one measure" [ "$gone" = 1 ]
partial=$(expected 2026 2 2026-07-01 2026-09-30 part.db | awk -F'|' '$4 > 0 && $4 < $3' | wc -l)
run "$SVDESK" chase --db part.db --quarter "$Q" --format csv
check "without --incomplete: partial returns are not listed" sh -c "! grep -q ',$pick,' out"
check "... the missing ones are" [ "$(csv_rows out)" = "$n" ]
run "$SVDESK" chase --db part.db --quarter "$Q" --format csv --incomplete
check "--incomplete: adds the partial returns" [ "$(csv_rows out)" = "$((n + partial))" ]
check "--incomplete: the partial contract, marked, with the measure it lacks" \
	sh -c "grep ',$pick,' out | grep -q ',incomplete,[^, ]*$CR\$'"
check "--incomplete: the missing ones still marked missing" [ "$(grep -c ',missing,' out)" = "$n" ]
run "$SVDESK" chase --db part.db --quarter "$Q" --incomplete
check "--incomplete (text): both counts at the end" \
	[ "$(tail -n 1 out)" = "$n contract$( [ "$n" = 1 ] || echo s) with no return and $partial with an incomplete return for 2026/27 Q2." ]

# ---- output -------------------------------------------------------------------------------

run "$SVDESK" chase --db demo.db --quarter "$Q" -o list.csv
check "-o x.csv: CSV" [ "$(head -n 1 list.csv | sed "s/^$BOM//")" = "supplier,contract,title,body,manager,return,measures$CR" ]
check "-o x.csv: a file has a byte-order mark" [ "$(head -c 3 list.csv)" = "$BOM" ]
run "$SVDESK" chase --db demo.db --quarter "$Q" -o list.txt
check "-o x.txt: text" sh -c 'grep -q "^Returns missing for 2026/27 Q2" list.txt'
printf 'old\n' > list2.csv
run "$SVDESK" chase --db demo.db --quarter "$Q" --format text -o list2.csv
check "--format wins over the name" sh -c 'grep -q "^Returns missing" list2.csv'
check "-o leaves no temporary file" [ -z "$(ls | grep 'tmp-')" ]

# ---- errors ---------------------------------------------------------------------------------

run "$SVDESK" chase --db demo.db --quarter 2026/27-Q9
check "a bad quarter: usage (2)" rc_is 2
check "... showing the form" err_has "the form is 2025/26-Q2"
run "$SVDESK" chase --db demo.db --format pdf
check "a bad format: usage (2)" rc_is 2
check "... naming the formats" err_has "text or csv"
run "$SVDESK" chase --db demo.db --year 2026/27
check "--year: usage (2)" rc_is 2
run "$SVDESK" chase --db demo.db --quarter "$Q" -o nodir/list.txt
check "-o into a missing folder: runtime (1)" rc_is 1

done_testing

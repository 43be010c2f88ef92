#!/bin/sh
# The contract's page, a commitment's and a return line's details: golden
# screens as in tui_golden.sh (headless runs at a fixed size and "today"),
# on the demo database and on a small one imported from CSV files (a title
# with bidi and zero-width characters, a value of £1,234,567,890.12, a
# long evidence text), and Enter on a contract's line of the Reports view.
# The login, the audit entries' clock times and the report's person and
# audit chain head are masked.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden/contract"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

normalise() {
	sed -e "1{s/ $me / USER /;s/   */  /g}" \
	    -e "s|^  [0-9][0-9]/[0-9][0-9]/[0-9]\{4\} [0-9][0-9]:[0-9][0-9] #\([0-9]*\) $me |  DD/MM/YYYY HH:MM #\1 USER |" \
	    -e 's/^\(Generated: *\).*/\1MASKED/' \
	    -e '/^Audit chain head:/{s/^\(Audit chain head: *\).*/\1MASKED/;n;s/^\( \{8,\}\)[0-9a-f]\{1,\}$/\1MASKED/}'
}

"$SVDESK" demo --db demo.db >/dev/null || exit 99

# the small database: one contract from CSV files
printf 'ref,title,supplier,body,value,start,end,sv_weight,manager,status,living_wage,modern_slavery\n' > contracts.csv
printf 'WMP-2025-101,Fleet \342\200\256gnirevil\342\200\254 services\342\200\213 and\342\201\240repairs,Acme\342\200\215 Fleet Ltd,WMP,"1234567890.12",2025-04-01,2028-03-31,5,Jo Bloggs,active,yes,n/a\n' >> contracts.csv
printf 'contract,measure,year,target,note\nWMP-2025-101,NT1,2026/27,4,Local hires\nWMP-2025-101,NT9,2026/27,100,\n' > commitments.csv
words='The supplier sent the payroll extract for the quarter with the names of the local people employed on the contract, their postcodes checked against the force area, and the hours worked each week.'
evidence="$words $words $words $words $words $words $words $words End of evidence."
{
	printf 'contract,quarter,measure,delivered,evidence,submitted,status,validated,validated_by,validated_at,reason\n'
	printf 'WMP-2025-101,2026/27-Q1,NT1,1.5,"%s",2026-07-05,validated,1,A. Auditor,2026-07-10T09:00:00Z,Only one FTE evidenced\n' "$evidence"
	printf 'WMP-2025-101,2026/27-Q1,NT9,40,Attendance sheets,2026-07-05,,,,,\n'
} > returns.csv
{ "$SVDESK" init --db small.db &&
  "$SVDESK" import contracts contracts.csv --db small.db &&
  "$SVDESK" import commitments commitments.csv --db small.db &&
  "$SVDESK" import returns returns.csv --db small.db; } >/dev/null || exit 99

# screen NAME DB SIZE KEYS: run the keys, compare with golden/contract/NAME.txt
screen() {
	name=$1 db=$2 size=$3
	printf '%s\n' "$4" > "$name.keys"
	run env LC_ALL="${SCREEN_LOCALE:-C.UTF-8}" "$SVDESK" --db "$db" --keys "$name.keys" \
		--size "$size" --dump "$name.raw"
	if [ "$RC" != 0 ]; then
		not_ok "$name ($size): svdesk exits 0" "status $RC" "$(cat "$WORK/err")"
		return
	fi
	golden_compare "$name" "$size"
}

# ---- the contract's page ---------------------------------------------------
screen page_80x24 demo.db 80x24 '<Enter>'
screen page_132x43 demo.db 132x43 '<Enter>'
screen page_returns_80x24 demo.db 80x24 '<Enter> <PgDn>'
screen page_end_80x24 demo.db 80x24 '<Enter> <End>'
screen page_year_pick_80x24 demo.db 80x24 '<Enter> y'
screen page_year_80x24 demo.db 80x24 '<Enter> y <Up> <Enter>'
screen page_down_80x24 demo.db 80x24 '<Enter> j j j j j j'
screen page_help_80x24 demo.db 80x24 '<Enter> ?'
# a bidi override, zero-width characters in the title
# and supplier: shown neutralised; the value whole
screen bidi_80x24 small.db 80x24 '<Enter>'
screen bidi_132x43 small.db 132x43 '<Enter>'
screen bidi_60x12 small.db 60x12 '<Enter>'
screen bidi_audit_80x24 small.db 80x24 '<Enter> <End>'

# ---- a commitment ----------------------------------------------------------
screen commitment_80x24 demo.db 80x24 '<Enter> <Enter>'
screen commitment_132x43 demo.db 132x43 '<Enter> <Enter>'
screen commitment_small_80x24 small.db 80x24 '<Enter> <Enter>'
screen commitment_year_80x24 demo.db 80x24 '<Enter> <Enter> y'
screen commitment_back_80x24 demo.db 80x24 '<Enter> <Enter> q'

# ---- a return line ---------------------------------------------------------
screen line_80x24 demo.db 80x24 '<Enter> <Enter> <Enter>'
screen line_132x43 demo.db 132x43 '<Enter> <Enter> <Enter>'
screen line_evidence_80x24 small.db 80x24 '<Enter> <Enter> <Enter>'
screen line_evidence_scrolled_80x24 small.db 80x24 '<Enter> <Enter> <Enter> <PgDn>'
screen line_evidence_end_132x43 small.db 132x43 '<Enter> <Enter> <Enter> <End>'
# from the contract's returns by quarter (the first line of Q1)
screen line_from_page_80x24 small.db 80x24 '<Enter> j j <Enter>'
SCREEN_LOCALE=C
screen page_ascii_80x24 small.db 80x24 '<Enter>'
SCREEN_LOCALE=

# ---- Enter in the Reports view -----------------------------------------------
j29=$(printf ' j%.0s' $(seq 29))
screen reports_line_80x24 demo.db 80x24 "5 b$j29"
screen reports_open_80x24 demo.db 80x24 "5 b$j29 <Enter>"
screen reports_open_figures_80x24 demo.db 80x24 "5 b$j29 j <Enter>"
screen reports_open_back_80x24 demo.db 80x24 "5 b$j29 <Enter> q"
screen reports_no_contract_80x24 demo.db 80x24 '5 <Enter>'

# The page reads the same figures as the board reports: the committed £SV
# of the first contract's year is the FGB's contract row's.
ref=$(sed -n 2p page_80x24.txt | cut -d' ' -f1)
committed=$(grep -A1 '^\s*£[0-9,.]*  *£[0-9,.]*  *£[0-9,.]*  *[0-9.]*%$' page_returns_80x24.txt | head -1 | awk '{print $1}')
"$SVDESK" --db demo.db report fgb --format csv | tr -d '\r' > fgb.csv
check "the page's committed total is the FGB report's ($ref)" \
	grep -q "^contract,$ref,committed_gbp,$(printf '%s' "$committed" | tr -d '£,')\$" fgb.csv

done_testing

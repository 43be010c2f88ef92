#!/bin/sh
# The audit log view (key 6) and an entry (Enter): golden screens as in
# tui_golden.sh (headless runs at a fixed size and "today"), on a database
# made by imports from CSV files and by changes at the desk made by another
# person through svdesk's write API (tests/tui/audit_desk: a decision, a
# contract's change with hostile text in its title, a highlight, then
# thirty changes of a manager so that the log pages).  Stamps (the
# entries' and a decision's made now) are masked.  The login and the
# entries' clock times are masked.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden/audit"
DESK="$top_builddir/tests/tui/audit_desk"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

# The login as USER, in the columns it took (its padding kept, so that a
# login of any length gives the same screen; one cut to a column, "jenki…",
# too); a time DD/MM/YYYY HH:MM (local, or UTC in brackets) as masks.
normalise() {
	LC_ALL=C awk -v me="$me" '
	function pad(s, w) { while (length(s) < w) s = s " "; return s }
	{
		out = ""; line = $0
		while (line != "") {
			i = index(line, me)
			cut = 0
			if (i == 0) {
				# a login cut to its column: a prefix of it, then "…"
				for (k = length(me) - 1; k >= 3 && i == 0; k--) {
					j = index(line, substr(me, 1, k) "\342\200\246")
					if (j > 0 && (j == 1 || substr(line, j - 1, 1) == " ")) {
						i = j; cut = k
					}
				}
				if (i == 0) { out = out line; break }
				n = cut + 3; w = cut + 1
			} else {
				n = length(me); w = n
			}
			before = substr(line, 1, i - 1)
			after = substr(line, i + n)
			ok = (i == 1 || substr(before, length(before), 1) == " ") &&
			     (cut > 0 || after == "" || substr(after, 1, 1) == " ")
			if (!ok) { out = out substr(line, 1, i); line = substr(line, i + 1); continue }
			# the spaces after it belong to its column
			sp = match(after, /^ */) ? RLENGTH : 0
			# (two spaces at least where it had two: the title bar)
			if (after == "" || sp == length(after))
				rep = "USER"
			else
				rep = pad("USER", w + sp > 4 + (sp < 2 ? sp : 2) ? w + sp : 4 + (sp < 2 ? sp : 2))
			out = out before rep
			line = substr(after, sp + 1)
		}
		print out
	}' |
	sed -e 's|[0-9][0-9]/[0-9][0-9]/[0-9]\{4\} [0-9][0-9]:[0-9][0-9]|DD/MM/YYYY HH:MM|g' \
	    -e 's|[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z|YYYY-MM-DDTHH:MM:SSZ|g' \
	    -e '1s/   */  /g'
}

printf 'ref,title,supplier,body,value,start,end,sv_weight,manager,status,living_wage,modern_slavery\n' > contracts.csv
printf 'CT-0001,Fleet services,Acme Fleet Ltd,WMP,1234567.12,2025-04-01,2028-03-31,5,Jo Bloggs,active,yes,n/a\n' >> contracts.csv
printf 'CT-0002,Cleaning,Brite Ltd,OPCC,50000,2025-04-01,2028-03-31,10,Al,active,yes,yes\n' >> contracts.csv
sed 's/1234567.12/1300000/; s/Jo Bloggs/Jo Smith/' contracts.csv > contracts-v2.csv
sed 's/1234567.12/1300000/; s/Jo Bloggs/Jo Smith/; s/,50000,/,60000,/' contracts.csv > contracts-v3.csv
printf 'contract,measure,year,target,note\nCT-0001,NT1,2026/27,4,Local hires\nCT-0001,NT9,2026/27,100,\nCT-0002,NT1,2026/27,2,\n' > commitments.csv
{
	printf 'contract,quarter,measure,delivered,evidence,submitted,status,validated,validated_by,validated_at,reason\n'
	printf 'CT-0001,2026/27-Q1,NT1,1.5,Payroll extract,2026-07-05,,,,,\n'
	printf 'CT-0001,2026/27-Q1,NT9,40,Attendance sheets,2026-07-05,,,,,\n'
	printf 'CT-0002,2026/27-Q1,NT1,2,Timesheets,2026-07-06,,,,,\n'
} > returns.csv
{ "$SVDESK" init --db a.db &&
  "$SVDESK" import contracts contracts.csv --db a.db &&
  "$SVDESK" import commitments commitments.csv --db a.db &&
  "$SVDESK" import returns returns.csv --db a.db &&
  "$DESK" a.db vera 30 &&
  "$SVDESK" import contracts contracts-v2.csv --db a.db; } >/dev/null || exit 99
"$SVDESK" init --db empty.db >/dev/null || exit 99
# a trigger dropped behind svdesk's back: READ-ONLY, and the title says so
cp a.db altered.db
sqlite3 altered.db 'DROP TRIGGER contract_audit_update' || exit 99

# screen NAME DB SIZE KEYS: run the keys, compare with golden/audit/NAME.txt
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

# ---- the log ------------------------------------------------------------------
screen log_80x24 a.db 80x24 '6'
screen log_132x43 a.db 132x43 '6'
screen log_60x12 a.db 60x12 '6'
screen log_pgdn_80x24 a.db 80x24 '6 <PgDn>'
screen log_end_80x24 a.db 80x24 '6 <End>'
screen log_oldest_80x24 a.db 80x24 '6 S'
screen log_new_80x24 empty.db 80x24 '6 S'
screen log_altered_80x24 altered.db 80x24 '6'
screen log_altered_132x43 altered.db 132x43 '6'

# ---- filters ------------------------------------------------------------------
screen filter_menu_80x24 a.db 80x24 '6 f'
screen filter_person_80x24 a.db 80x24 '6 f <Down> <Enter> v e r a <Enter>'
screen filter_origin_80x24 a.db 80x24 '6 f <Down> <Down> <Enter> i m p <Enter>'
screen filter_contract_80x24 a.db 80x24 '6 f <Enter> c t - 0 0 0 1 <Enter>'
screen filter_contract_132x43 a.db 132x43 '6 f <Enter> c t - 0 0 0 1 <Enter>'
screen filter_contract_pick_80x24 a.db 80x24 '6 f <Enter> 0 0 0 <Enter>'
screen filter_two_80x24 a.db 80x24 '6 f <Enter> C T - 0 0 0 2 <Enter> f <Down> <Enter> v e r a <Enter>'
screen filter_nomatch_80x24 a.db 80x24 '6 f <Enter> Z Z <Enter>'
screen filter_date_future_80x24 a.db 80x24 '6 f <Down> <Down> <Down> <Enter> 0 1 / 0 1 / 2 0 9 9 <Enter>'
screen filter_date_past_80x24 a.db 80x24 '6 f <Down> <Down> <Down> <Enter> 0 1 / 0 1 / 2 0 2 0 <Enter>'
screen filter_date_bad_80x24 a.db 80x24 '6 f <Down> <Down> <Down> <Enter> 3 1 / 0 2 / 2 0 2 6 <Enter>'
screen filter_date_shape_80x24 a.db 80x24 '6 f <Down> <Down> <Down> <Enter> 2 0 2 6 - 0 1 - 0 1 <Enter>'
screen filter_cleared_80x24 a.db 80x24 '6 f <Down> <Enter> v e r a <Enter> F'

# ---- entries --------------------------------------------------------------------
# oldest first: 1 the baseline, 2 contracts.csv, 3 commitments, 4 returns,
# 5 the decision, 6 CT-0002's change, 7 the highlight, 8 a rejection,
# 9 its undo
screen entry_import_80x24 a.db 80x24 '6 S g j <Enter>'
screen entry_import_132x43 a.db 132x43 '6 S g j <Enter>'
screen entry_import_60x12 a.db 60x12 '6 S g j <Enter> <PgDn>'
screen entry_decision_80x24 a.db 80x24 '6 S g j j j j <Enter>'
screen entry_decision_132x43 a.db 132x43 '6 S g j j j j <Enter>'
screen entry_change_80x24 a.db 80x24 '6 S g j j j j j <Enter>'
screen entry_change_132x43 a.db 132x43 '6 S g j j j j j <Enter>'
screen entry_highlight_80x24 a.db 80x24 '6 S g j j j j j j <Enter>'
screen entry_reject_80x24 a.db 80x24 '6 S g j j j j j j j <Enter>'
screen entry_undo_80x24 a.db 80x24 '6 S g j j j j j j j j <Enter>'
screen entry_undo_132x43 a.db 132x43 '6 S g j j j j j j j j <Enter>'
screen entry_reimport_80x24 a.db 80x24 '6 <Enter>'
screen entry_back_80x24 a.db 80x24 '6 S g j j j j <Enter> q'

# ---- another desk writes while the log is open ------------------------------------
# On the first row, the idle desk's page is read again from the top: it
# shows what a fresh desk shows afterwards (the new entries at the top).
cp a.db poll.db
printf '%s\n' "6 <Sleep:$(t_n 3000)>" > poll_a.keys
"$SVDESK" --db poll.db --keys poll_a.keys --size 80x24 --dump poll_top.raw \
	>/dev/null 2>poll.err </dev/null &
pid=$!
sleep "$(t_n 1)"
"$SVDESK" import contracts contracts-v3.csv --db poll.db >/dev/null 2>&1
wait $pid
printf '6\n' > poll_fresh.keys
"$SVDESK" --db poll.db --keys poll_fresh.keys --size 80x24 --dump poll_fresh.raw \
	>/dev/null 2>/dev/null </dev/null
normalise < poll_top.raw > poll_top.txt
normalise < poll_fresh.raw > poll_fresh.txt
if grep -q 'CT-0002 changed: value' poll_fresh.txt && cmp -s poll_top.txt poll_fresh.txt; then
	ok "an idle log on its first row shows another desk's entries at the top"
else
	not_ok "an idle log on its first row shows another desk's entries at the top" \
		"$(diff -u poll_fresh.txt poll_top.txt | head -40)"
fi

# Lower down, the selected entry stays selected: its place in the list
# moves down by the two new entries, which show above it.
cp a.db poll2.db
printf '%s\n' "6 j j <Sleep:$(t_n 3000)>" > poll_b.keys
"$SVDESK" --db poll2.db --keys poll_b.keys --size 80x24 --dump poll_mid.raw \
	>/dev/null 2>poll.err </dev/null &
pid=$!
sleep "$(t_n 1)"
"$SVDESK" import contracts contracts-v3.csv --db poll2.db >/dev/null 2>&1
wait $pid
total=$(sqlite3 -readonly poll2.db 'SELECT count(*) FROM audit')
check "an idle log lower down keeps its entry selected: row 5 of $total" \
	grep -q "row 5 of $total\$" poll_mid.raw
check "... with the new entries above it" \
	sh -c "sed -n 3p poll_mid.raw | grep -q '^$total '"

done_testing

#!/bin/sh
# The return line's page and the decisions taken at the keyboard: golden
# screens of the page (the commitment, the line, the evidence, the history
# with decisions and a resubmission), each decision's prompt, a refused
# quantity, the page after a decision and after its undo, a decision
# refused because another desk decided first (two headless desks on one
# file, the second acting during the first's <Sleep:MS>), another desk's
# decision shown by the idle poll, and the busy retry.  What was written is
# checked in the database with the sqlite3 shell.  The login and the times
# of today's decisions (the real clock) are masked.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden/line"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

# today's stamps in local time, as the page shows them (a run across
# midnight could leave yesterday's: both are masked)
today=$(date +%d/%m/%Y)
yesterday=$(date -d yesterday +%d/%m/%Y 2>/dev/null || echo "$today")
normalise() {
	sed -e "1{s/ $me / USER /;s/   */  /g}" \
	    -e "s#\\($today\\|$yesterday\\) [0-9][0-9]:[0-9][0-9]#DD/MM/YYYY HH:MM#g" \
	    -e "s/ by $me / by USER /g; s/ by $me\$/ by USER/; s/^\\(Decided by  *\\)$me /\\1USER /"
}

"$SVDESK" demo --db demo.db >/dev/null || exit 99

# the small database: one contract, a line decided and resubmitted by
# imports, a long evidence text, another line awaiting validation
printf 'ref,title,supplier,body,value,start,end,sv_weight,manager,status\n' > contracts.csv
printf 'WMP-2025-101,Fleet services and repairs,Acme Fleet Ltd,WMP,250000,2025-04-01,2028-03-31,5,Jo Bloggs,active\n' >> contracts.csv
printf 'contract,measure,year,target,note\nWMP-2025-101,NT1,2026/27,4,Local hires\nWMP-2025-101,NT9,2026/27,100,\n' > commitments.csv
words='The supplier sent the payroll extract for the quarter with the names of the local people employed on the contract.'
evidence="$words $words $words End of evidence."
{
	printf 'contract,quarter,measure,delivered,evidence,submitted,status,validated,validated_by,validated_at,reason\n'
	printf 'WMP-2025-101,2026/27-Q1,NT1,1.5,"%s",2026-07-05,query,,A. Auditor,2026-07-10T09:00:00Z,Payslips for June\n' "$evidence"
	printf 'WMP-2025-101,2026/27-Q1,NT9,40,Attendance sheets,2026-07-05,,,,,\n'
} > returns.csv
{
	printf 'contract,quarter,measure,delivered,evidence,submitted\n'
	printf 'WMP-2025-101,2026/27-Q1,NT1,2,"%s",2026-07-05\n' "$evidence"
} > returns2.csv
{ "$SVDESK" init --db small.db &&
  "$SVDESK" import contracts contracts.csv --db small.db &&
  "$SVDESK" import commitments commitments.csv --db small.db &&
  "$SVDESK" import returns returns.csv --db small.db &&
  "$SVDESK" import returns returns2.csv --db small.db; } >/dev/null || exit 99

# the demo's first line (contract page, its first commitment, its Q1 line)
open='<Enter> <Enter> <Enter>'
line_id=$(sql demo.db "SELECT r.id FROM contract c JOIN commitment cm ON cm.contract_id = c.id
	JOIN measure m ON m.id = cm.measure_id JOIN return_line r ON r.commitment_id = cm.id
	WHERE cm.year = 2026 ORDER BY c.ref, m.code, r.quarter LIMIT 1")

# screen NAME DB SIZE KEYS: a fresh copy of DB, the keys, the final screen
# compared with golden/line/NAME.txt; the copy stays as BASE.db and the
# footer's messages as BASE.err (BASE: NAME without its size)
screen() {
	name=$1 db=$2 size=$3
	base=${name%_[0-9]*x[0-9]*}
	cp "$db" "$base.db"
	printf '%s\n' "$4" > "$name.keys"
	"$SVDESK" --db "$base.db" --keys "$name.keys" --size "$size" --dump "$name.raw" \
		>/dev/null 2>"$base.err" </dev/null
	rc=$?
	if [ "$rc" != 0 ]; then
		not_ok "$name ($size): svdesk exits 0" "status $rc" "$(cat "$base.err")"
		return
	fi
	golden_compare "$name" "$size"
}

# the line's row in the copy NAME.db: status|validated|reason|version
state() {
	sql "$1.db" "SELECT status, coalesce(validated, ''), coalesce(reason, ''), version
		FROM return_line WHERE id = $line_id"
}
decisions() {
	sql "$1.db" "SELECT count(*) FROM decision WHERE return_line_id = $line_id"
}

# ---- the page ----------------------------------------------------------------
screen page_80x24 demo.db 80x24 "$open"
screen page_132x43 demo.db 132x43 "$open"
# decided and resubmitted by imports: the history in order, the evidence wrapped
screen history_80x24 small.db 80x24 "$open <End>"
screen history_132x43 small.db 132x43 "$open"
screen evidence_scrolled_80x24 small.db 80x24 "$open <PgDn>"
# the second quarter: delivered 25 + 32 hours to Q2, pro-rata 165 x 2/4 =
# 82.5 hours, 57 / 82.5 = 69.0% (truncated)
screen page_q2_80x24 demo.db 80x24 '<Enter> <Enter> j <Enter>'
check "Q2: the sums to the quarter and the percent of the pro-rata target" \
	grep -q '^Pro-rata target  *82.5 hours (target x 2/4): delivered 69.0%, validated 0.0%$' page_q2_80x24.raw
# help lists the decisions' keys
screen help_132x43 demo.db 132x43 "$open ?"
check "help on the line's page lists a, p, x, e and u" \
	sh -c 'for k in a p x e u; do grep -q "^   $k  " help_132x43.raw || exit 1; done'
# the smallest screen
screen page_60x12 demo.db 60x12 "<Enter> <Enter> <End> <Enter>"
screen prompt_partial_60x12 demo.db 60x12 "<Enter> <Enter> <End> <Enter> p 9 <Enter>"

# ---- the prompts ---------------------------------------------------------------
screen prompt_partial_80x24 demo.db 80x24 "$open p"
screen prompt_partial_reason_80x24 demo.db 80x24 "$open p 2 0 <Enter>"
screen prompt_reject_80x24 demo.db 80x24 "$open x"
screen prompt_query_80x24 demo.db 80x24 "$open e"
screen prompt_partial_132x43 demo.db 132x43 "$open p"
# the importer's parser and message; the quantity is asked again
screen bad_quantity_80x24 demo.db 80x24 "$open p 1 2 x <Enter>"
check "a bad quantity: the importer's message in the footer's log" \
	grep -q '^status: "12x" is not a quantity (.*; use a plain number like 12.5 or an amount like £1,234.50)$' bad_quantity.err
check "... nothing written" test "$(decisions bad_quantity)" = 0
# over the delivered quantity: the writer's rule and message, asked again
screen over_delivered_80x24 demo.db 80x24 "$open p 9 9 9 <Enter> t o o <Space> m a n y <Enter>"
check "over delivered: the rule's message" \
	grep -q '^status: the validated quantity 999 is more than the delivered 25$' over_delivered.err
check "... nothing written" test "$(decisions over_delivered)" = 0
# Esc cancels at each prompt
screen cancel_80x24 demo.db 80x24 "$open p 2 0 <Enter> <Esc>"
check "Esc at the reason: cancelled" grep -q '^status: cancelled: nothing recorded for Q1 ' cancel.err
check "... nothing written" test "$(decisions cancel)" = 0
# an empty reason for a rejection: the rule's message, asked again
screen reject_no_reason_80x24 demo.db 80x24 "$open x <Enter>"
check "a rejection without a reason: the rule's message" \
	grep -q '^status: a rejected line needs a reason$' reject_no_reason.err
check "... nothing written" test "$(decisions reject_no_reason)" = 0

# less than delivered without a reason: the reason only is asked again
screen partial_no_reason_80x24 demo.db 80x24 "$open p 2 0 <Enter> <Enter>"
check "partial without a reason: the rule's message" \
	grep -q '^status: validating less than delivered needs a reason$' partial_no_reason.err
check "... asked again at the reason" sh -c 'tail -1 partial_no_reason_80x24.raw | grep -q "^Reason:"'
screen partial_reason_again_80x24 demo.db 80x24 "$open p 2 0 <Enter> <Enter> w h y <Enter>"
check "... then recorded with it" test "$(state partial_reason_again)" = "validated|2000|why|2"

# ---- decisions recorded ----------------------------------------------------------
screen accepted_80x24 demo.db 80x24 "$open a"
check "accept: the footer says what was recorded" \
	grep -q '^status: accepted Q1 [^ ]* [^ ]*: 25$' accepted.err
check "... validated in full, version 2" test "$(state accepted)" = "validated|2500||2"
check "... one decision by the login" \
	test "$(sql accepted.db "SELECT decided_by || '|' || origin FROM decision WHERE return_line_id = $line_id")" = "$me|desk"
screen partial_80x24 demo.db 80x24 "$open p 2 0 <Enter> o n l y <Space> 2 0 <Enter>"
check "partial: recorded" test "$(state partial)" = "validated|2000|only 20|2"
check "... the footer says it" grep -q '^status: partial Q1 [^ ]* [^ ]*: 20 of 25$' partial.err
screen rejected_80x24 demo.db 80x24 "$open x n o <Space> s h e e t s <Enter>"
check "reject: recorded" test "$(state rejected)" = "rejected||no sheets|2"
screen queried_80x24 demo.db 80x24 "$open e p a y s l i p s <Enter>"
check "query: recorded" test "$(state queried)" = "query||payslips|2"

# ---- undo --------------------------------------------------------------------------
screen undo_80x24 demo.db 80x24 "$open a u"
check "undo: back to submitted" test "$(state undo)" = "submitted|||3"
check "... a new decision, none deleted" test "$(decisions undo)" = 2
check "... the footer says it" grep -q '^status: undone: accepted 25 of Q1 .*; the line is submitted again$' undo.err
screen undo_twice_80x24 demo.db 80x24 "$open x n o <Enter> a u"
check "undo of the second decision: the first in force again" \
	test "$(state undo_twice)" = "rejected||no|4"
# undo again on the same line: the decision after the first was undone, so
# the line stands as the first left it, and the first is undone too
screen undo_both_80x24 demo.db 80x24 "$open x n o <Enter> a u u"
check "undo again on the same line: the first decision undone too" \
	test "$(grep -c '^status: undone: ' undo_both.err)" = 2
check "... the line submitted again, after four decisions" test "$(state undo_both)" = "submitted|||5"
check "... none deleted" test "$(decisions undo_both)" = 4
check "... the audit chain checks clean" "$SVDESK" check audit --db undo_both.db
# undo again undoes the one before, on another line
screen undo_other_80x24 demo.db 80x24 "$open x n o <Enter> q j <Enter> a u u"
check "undo again: the decision before, on the first line, undone too" \
	test "$(state undo_other)" = "submitted|||3"
check "... after the second line's" \
	test "$(grep -c '^status: undone: ' undo_other.err)" = 2
check "... both lines submitted again" \
	test "$(sql undo_other.db "SELECT count(*) || '|' || sum(status = 'submitted') FROM return_line WHERE id IN (SELECT return_line_id FROM decision WHERE origin = 'desk')")" = "2|2"
screen undo_none_80x24 demo.db 80x24 "$open u"
check "nothing to undo: said" grep -q '^status: nothing to undo: no decision has been made in this run of the desk$' undo_none.err
check "svdesk check audit is clean after decisions and undos" \
	"$SVDESK" --db undo_both.db check audit

# READ-ONLY (an audit trigger dropped outside svdesk): no decision, no undo
cp demo.db ro_src.db
sqlite3 -batch ro_src.db "DROP TRIGGER contract_audit_update;" || exit 99
screen readonly_80x24 ro_src.db 80x24 "$open a p u"
check "read-only: a decision is refused, saying why" \
	grep -q '^status: the database is read-only: no decision can be recorded$' readonly.err
check "... and undo has nothing of this run to undo" \
	grep -q '^status: nothing to undo: no decision has been made in this run of the desk$' readonly.err
check "... nothing written" test "$(decisions readonly)" = 0

# ---- other desks -------------------------------------------------------------------
# Desk A's script presses F12 (no action: the footer's log says so) when it
# has the line on screen; desk B starts only then (wait_ready), and acts
# during A's pause that follows.
ready='<F12>'
wait_ready() {
	i=0
	while ! grep -q '^status: F12: no action here' "$1" 2>/dev/null && [ $i -lt "$(t_n 200)" ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

# (132 columns: the refusal names the login, whose length varies)
# Desk A shows the line and starts typing a rejection's reason; desk B
# accepts the line meanwhile (during A's pause); A's Enter is refused,
# naming B's decision, and A's page shows the line as it now is.
cp demo.db stale.db
printf '%s\n' "$open $ready x <Sleep:$(t_n 3000)> l a t e <Enter>" > stale_a.keys
printf '%s\n' "$open a" > stale_b.keys
"$SVDESK" --db stale.db --keys stale_a.keys --size 132x43 --dump stale.raw \
	>/dev/null 2>stale.err </dev/null &
pid=$!
wait_ready stale.err
"$SVDESK" --db stale.db --keys stale_b.keys --size 80x24 --dump stale_b.raw \
	>/dev/null 2>stale_b.err </dev/null
wait $pid
check "stale: desk B's acceptance recorded" grep -q '^status: accepted Q1 ' stale_b.err
check "... desk A refused, naming who decided and when" \
	grep -q "^status: not recorded: the line was decided by $me at [0-9/]* [0-9:]* (now validated)\$" stale.err
check "... one decision only" test "$(decisions stale)" = 1
check "... the line as B left it" test "$(state stale)" = "validated|2500||2"
normalise < stale.raw > stale.txt
[ "${UPDATE_GOLDEN:-}" = 1 ] && cp stale.txt "$golden/stale_132x43.txt"
if cmp -s stale.txt "$golden/stale_132x43.txt"; then
	ok "stale_132x43 (132x43): refused, the line shown as it now is"
else
	not_ok "stale_132x43 (132x43)" "$(diff -u "$golden/stale_132x43.txt" stale.txt | head -40)"
fi

printf '%s\n' "$open x n o t <Space> e n o u g h <Enter>" > us_b_reject.keys

# Desk A shows the line, idle; desk B accepts it: A's next redraw shows it
cp demo.db poll.db
printf '%s\n' "$open $ready <Sleep:$(t_n 3000)>" > poll_a.keys
"$SVDESK" --db poll.db --keys poll_a.keys --size 80x24 --dump poll.raw \
	>/dev/null 2>poll.err </dev/null &
pid=$!
wait_ready poll.err
"$SVDESK" --db poll.db --keys stale_b.keys --size 80x24 --dump poll_b.raw \
	>/dev/null 2>/dev/null </dev/null
wait $pid
check "another desk's decision shows on the idle desk's page" \
	grep -q '^Status  *validated$' poll.raw

# The contract's page, the commitment's and the line's, idle while desk B
# decides: each shows what a fresh desk shows afterwards (reread)
for page in contract commitment line; do
	case $page in
	contract) keys='<Enter> <PgDn>' ;;
	commitment) keys='<Enter> <Enter>' ;;
	line) keys="$open" ;;
	esac
	cp demo.db idle_$page.db
	printf '%s\n' "$keys $ready <Sleep:$(t_n 3000)>" > idle_a.keys
	printf '%s\n' "$keys $ready" > idle_fresh.keys
	"$SVDESK" --db idle_$page.db --keys idle_a.keys --size 80x24 --dump idle_$page.raw \
		>/dev/null 2>idle_$page.err </dev/null &
	pid=$!
	wait_ready idle_$page.err
	"$SVDESK" --db idle_$page.db --keys us_b_reject.keys --size 80x24 \
		>/dev/null 2>&1 </dev/null
	wait $pid
	"$SVDESK" --db idle_$page.db --keys idle_fresh.keys --size 80x24 \
		--dump idle_${page}_fresh.raw >/dev/null 2>&1 </dev/null
	check "the $page page re-read another desk's rejection when idle" \
		cmp -s idle_$page.raw idle_${page}_fresh.raw
	check "... which is on it" grep -q 'rejected' idle_$page.raw
done

# Undo refused when someone acted on the line since: A accepts, B rejects
# during A's pause, A's undo is refused naming B
cp demo.db undo_stale.db
printf '%s\n' "$open a $ready <Sleep:$(t_n 3000)> u" > us_a.keys
printf '%s\n' "$open x n o <Enter>" > us_b.keys
"$SVDESK" --db undo_stale.db --keys us_a.keys --size 80x24 --dump us.raw \
	>/dev/null 2>us.err </dev/null &
pid=$!
wait_ready us.err
"$SVDESK" --db undo_stale.db --keys us_b.keys --size 80x24 --dump us_b.raw \
	>/dev/null 2>us_b.err </dev/null
wait $pid
check "undo after another desk's decision: refused with who and when" \
	grep -q "^status: cannot undo accepted 25 of Q1 [^ ]* [^ ]*: the line was decided by $me at [0-9/]* [0-9:]* (now rejected)\$" us.err
check "... B's rejection stands" test "$(sql undo_stale.db "SELECT status FROM return_line WHERE id = $line_id")" = rejected

# A write lock held by another process for 2 s: the decision waits, says
# so, and is recorded; never "database is locked".  The lock is taken once
# the desk has the line on screen (however slow the desk is to start), during
# its pause before the decision.
cp demo.db busy.db
printf '%s\n' "$open $ready <Sleep:800> a" > busy.keys
"$SVDESK" --db busy.db --keys busy.keys --size 80x24 --dump busy.raw \
	>/dev/null 2>busy.err </dev/null &
pid=$!
wait_ready busy.err
printf 'BEGIN IMMEDIATE;\n.shell sleep 2\nCOMMIT;\n' | sqlite3 busy.db >/dev/null 2>&1
wait $pid
check "busy: the footer said it was waiting" grep -q "^status: waiting for another desk's write \\.\\.\\.\$" busy.err
check "... then recorded the decision" grep -q '^status: accepted Q1 ' busy.err
check "... never \"database is locked\"" sh -c '! grep -qi "locked" busy.err'

# the key script's pause: a bad one is named
printf '<Sleep:abc> q\n' > sleep_bad.keys
"$SVDESK" --db demo.db --keys sleep_bad.keys --size 80x24 >/dev/null 2>sleep_bad.err </dev/null
check "<Sleep:abc> is refused with what to write" \
	grep -q '^status: key script line 1: "<Sleep:abc>" is not a pause (write <Sleep:MS>, 0 to 600000 milliseconds)$' sleep_bad.err

done_testing

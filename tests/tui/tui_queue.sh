#!/bin/sh
# The returns queue (key 4): golden screens of the headless desk at a fixed
# size and "today" on the demo database: the lines awaiting validation,
# filtered (body, status, supplier chosen by typing), sorted, the missing
# returns (m) and back, Enter on a line and on a missing return, and the
# title bar's count and £SV against the database.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden/queue"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

# the login in the title bar, and at the end of a row (who decided)
normalise() {
	sed -e "1{s/ $me / USER /;s/   */  /g}" -e "2,\${s/ $me\$/ USER/}"
}

"$SVDESK" demo --db demo.db >/dev/null || exit 99

# screen NAME SIZE KEYS: run the keys, compare with golden/queue/NAME.txt
# (on demo.db; DB=FILE another database)
screen() {
	name=$1 size=$2
	printf '%s\n' "$3" > "$name.keys"
	run env LC_ALL=C.UTF-8 "$SVDESK" --db "${DB:-demo.db}" --keys "$name.keys" \
		--size "$size" --dump "$name.raw"
	if [ "$RC" != 0 ]; then
		not_ok "$name ($size): svdesk exits 0" "status $RC" "$(cat "$WORK/err")"
		return
	fi
	golden_compare "$name" "$size"
}

# ---- the lines awaiting validation -----------------------------------------
screen queue_80x24 80x24 '4'
screen queue_132x43 132x43 '4'
screen queue_60x12 60x12 '4'
screen queue_end_80x24 80x24 '4 <End>'
screen queue_pgdn_132x43 132x43 '4 <PgDn> j j'
# filtered: the body OPCC, then every status of quarter 1
screen body_80x24 80x24 '4 f <Down> <Enter> <Down> <Down> <Enter>'
screen body_132x43 132x43 '4 f <Down> <Enter> <Down> <Down> <Enter>'
screen all_q1_132x43 132x43 '4 f <End> <Enter> <End> <Enter> f <Enter> <Down> <Enter>'
screen decided_80x24 80x24 '4 f <End> <Enter> <Down> <Down> <Enter>'
# a supplier chosen by typing (any case, any accent); several match: a pick list
screen supplier_80x24 80x24 '4 f <Down> <Down> <Enter> L I C K E Y <Enter>'
screen supplier_pick_80x24 80x24 '4 f <Down> <Down> <Enter> l t d <Enter>'
screen supplier_none_80x24 80x24 '4 f <Down> <Down> <Enter> z z q <Enter>'
screen contract_132x43 132x43 '4 f <Down> <Down> <Down> <Enter> o p c c - 2 0 2 5 - 0 0 9 <Enter>'
screen clear_80x24 80x24 '4 f <Down> <Enter> <Down> <Down> <Enter> F'
# sorted: by contract, supplier, measure, status, round to quarter again, reversed
screen sort_contract_80x24 80x24 '4 s'
screen sort_supplier_132x43 132x43 '4 s s'
screen sort_reverse_80x24 80x24 '4 S'
screen sort_measure_80x24 80x24 '4 s s s'
screen sort_status_132x43 132x43 '4 f <End> <Enter> <End> <Enter> s s s s <PgDn>'
screen sort_around_80x24 80x24 '4 s s s s s <PgDn>'
# decisions, each on a fresh demo: the decided line leaves the list and the
# next takes its place, selected
decide() {
	rm -rf "$1" && mkdir "$1" || exit 99
	"$SVDESK" demo --db "$1/demo.db" >/dev/null || exit 99
	DB="$1/demo.db" screen "$@"
}
decide accept_80x24 80x24 '4 j j a'
decide accept_132x43 132x43 '4 j j a'
decide accept_twice_80x24 80x24 '4 a a'
decide accept_last_80x24 80x24 '4 <End> a'
decide reject_80x24 80x24 '4 j x N o <Space> e v i d e n c e <Enter>'
decide query_prompt_80x24 80x24 '4 e'
decide partial_prompt_60x12 60x12 '4 p'
decide cancel_80x24 80x24 '4 j x <Esc>'
decide accept_all_80x24 80x24 '4 f <End> <Enter> <End> <Enter> j j a'
# where the decided line stays (every status), the next line is selected
decide accept_all_twice_80x24 80x24 '4 f <End> <Enter> <End> <Enter> a a'
decide undo_80x24 80x24 '4 j j a u'
decide missing_decide_80x24 80x24 '4 m a'
check "an accepted line is validated in full, by the login" \
	[ "$(sql accept_80x24/demo.db "SELECT count(*) FROM return_line WHERE status = 'validated'
		AND validated = delivered AND validated_by = '$me' AND version = 2")" = 1 ]
check "... and the undone one is submitted again" \
	[ "$(sql undo_80x24/demo.db "SELECT count(*) FROM return_line WHERE validated_by = '$me'")" = 0 ]
check "a cancelled decision writes nothing" \
	[ "$(sql cancel_80x24/demo.db "SELECT count(*) FROM decision WHERE decided_by = '$me'")" = 0 ]
# ---- two desks on one database --------------------------------------------
# Desk A's script presses F12 (no action: the footer's log says so) when it
# has the queue on screen; desk B starts only then and acts during A's pause.
wait_ready() {
	i=0
	while ! grep -q '^status: F12: no action here' "$1" 2>/dev/null && [ $i -lt "$(t_n 200)" ]; do
		sleep 0.05
		i=$((i + 1))
	done
}
# two KEYS-A KEYS-B NAME: desk A (132x43) and desk B on a fresh demo
two() {
	rm -rf "$3" && mkdir "$3" && "$SVDESK" demo --db "$3/demo.db" >/dev/null || exit 99
	printf '%s\n' "$1" > "$3/a.keys"
	printf '%s\n' "$2" > "$3/b.keys"
	"$SVDESK" --db "$3/demo.db" --keys "$3/a.keys" --size 132x43 --dump "$3/a.raw" \
		>/dev/null 2>"$3/a.err" </dev/null &
	pid=$!
	wait_ready "$3/a.err"
	"$SVDESK" --db "$3/demo.db" --keys "$3/b.keys" --size 80x24 --dump "$3/b.raw" \
		>/dev/null 2>"$3/b.err" </dev/null
	wait $pid
}
first=$(sed -n 3p queue_132x43.txt)
second=$(sed -n 4p queue_132x43.txt)
# Desk A starts to reject the first line; desk B accepts it meanwhile: A's
# rejection is refused naming B's decision, and A's queue shows the line as
# it now is (decided: gone from the awaiting lines, the next in its place)
two "4 <F12> x <Sleep:$(t_n 3000)> l a t e <Enter>" '4 a' stale
check "stale: desk B's acceptance recorded" grep -q '^status: accepted Q1 OPCC-2024-001 NT12' stale/b.err
check "... desk A refused, naming who decided and when" \
	grep -q "^status: not recorded: the line was decided by $me at [0-9/]* [0-9:]* (now validated)\$" stale/a.err
check "... one decision on the line" \
	[ "$(sql stale/demo.db "SELECT count(*) FROM decision WHERE origin = 'desk'")" = 1 ]
check "... desk A's queue counts one line fewer" grep -q ' 185 awaiting £' stale/a.raw
check "... the selection on the first row still" grep -q "row 1 of 185$" stale/a.raw
check "... and shows the next line where the first was, selected" \
	[ "$(sed -n 3p stale/a.raw)" = "$second" ]
# Desk A idle on the queue; desk B accepts the first line: A's next redraw
# shows it gone (another desk's write, found by the idle poll)
two "4 <F12> <Sleep:$(t_n 3000)>" '4 a' poll
check "another desk's decision leaves the idle queue" grep -q ' 185 awaiting £' poll/a.raw
check "... its first line now the second" [ "$(sed -n 3p poll/a.raw)" = "$second" ]
check "(the first line was another: test data)" [ "$first" != "$second" ]

# Enter: the line's page
screen open_line_80x24 80x24 '4 j <Enter>'
# ---- the missing returns ----------------------------------------------------
screen missing_80x24 80x24 '4 m'
screen missing_132x43 132x43 '4 m'
screen missing_60x12 60x12 '4 m'
screen missing_q1_132x43 132x43 '4 f <Enter> <Down> <Enter> m'
screen missing_back_80x24 80x24 '4 j j m m'
screen missing_open_80x24 80x24 '4 m j <Enter>'
screen missing_year_80x24 80x24 '4 y <Up> <Enter> m'
screen help_80x24 80x24 '4 ?'

# The title bar's count and £SV are the database's (sv_sv: the one £SV rule).
n=$(sql demo.db "SELECT count(*) FROM return_line r JOIN commitment cm ON cm.id = r.commitment_id
	WHERE cm.year = 2026 AND r.status = 'submitted'")
check "the demo has lines awaiting validation in 2026/27 (test data)" [ "$n" -gt 20 ]
check "the title bar counts them ($n)" grep -q " $n awaiting £" queue_132x43.txt
# After this desk's own decisions the count and £SV are adjusted by the line
# decided (not counted again): they must be what a fresh count gives.
cp demo.db adjust.db
DB=adjust.db screen adjust_decided_132x43 132x43 '4 a a j x n o <Enter> e w h y <Enter> u a'
DB=adjust.db screen adjust_fresh_132x43 132x43 '4'
n=$(sql adjust.db "SELECT count(*) FROM return_line r JOIN commitment cm ON cm.id = r.commitment_id
	WHERE cm.year = 2026 AND r.status = 'submitted'")
check "after decisions and an undo, the title bar's count is the database's ($n)" \
	grep -q " $n awaiting £" adjust_decided_132x43.txt
check "... and its count and £SV are a fresh count's" \
	[ "$(head -n 1 adjust_decided_132x43.txt | grep -o '[0-9]* awaiting £[0-9,.]*')" = \
	  "$(head -n 1 adjust_fresh_132x43.txt | grep -o '[0-9]* awaiting £[0-9,.]*')" ]

m=$(sql demo.db "SELECT count(*) FROM contract c
	WHERE EXISTS (SELECT 1 FROM commitment m WHERE m.contract_id = c.id AND m.year = 2026)
	AND c.start_date <= '2026-09-30' AND c.end_date >= '2026-07-01'
	AND NOT EXISTS (SELECT 1 FROM commitment m JOIN return_line r ON r.commitment_id = m.id
		WHERE m.contract_id = c.id AND m.year = 2026 AND r.quarter = 2)")
check "the missing returns of 2026/27 Q2 are chase's count ($m)" \
	grep -q " $m missing returns 2026/27 Q2 " missing_132x43.txt
run "$SVDESK" chase --db demo.db --quarter 2026/27-Q2 --format csv
check "... and the same contracts as svdesk chase, in its order" \
	[ "$(tail -n +2 out | cut -d, -f2 | tr '\n' ' ')" = \
	  "$(sed -n '3,$p' missing_132x43.txt | grep -o '^[A-Z]*-[0-9][0-9-]*' | tr '\n' ' ')" ]

done_testing

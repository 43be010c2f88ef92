#!/bin/sh
# The Measures tree (key 2) and the Suppliers list (key 3): golden screens
# run headless as in tui_golden.sh and compared with
# tests/tui/golden/tree/NAME.txt (folding, search, another year, a measure's
# contracts; sorts on every money column, search, a supplier's contracts;
# the mouse), and checks of what the screens say against the database.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden/tree"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

normalise() {
	sed "1{s/ $me / USER /;s/   */  /g}"
}

"$SVDESK" demo --db demo.db >/dev/null || exit 99
"$SVDESK" init --db empty.db >/dev/null || exit 99

# A small database: a supplier with accents (search finds "Café" as "cafe"),
# a commitment worth over a billion pounds of social value (its money is
# never cut, in the tree's sums either), a record-only measure (NT31, a
# percent: no proxy), commitments in two years and returns.
cat > contracts.csv <<'CSV'
ref,title,supplier,body,value,start,end,sv_weight,manager,status,living_wage,modern_slavery
BIG-001,National estate framework,Grand Estates Ltd,WMP,"£1,234,567,890.12",2025-04-01,2029-03-31,10,,active,yes,yes
CAF-001,Staff canteen,Café Brüning & Söhne,WMP,120000,2025-04-01,2027-03-31,5,,active,no,n/a
CAF-002,Vending machines,Café Brüning & Söhne,OPCC,30000,2025-04-01,2027-03-31,5,,active,no,n/a
CSV
cat > commitments.csv <<'CSV'
contract,measure,year,target,note
BIG-001,NT1,2026/27,40000,
BIG-001,NT1,2025/26,30,
CAF-001,NT1,2026/27,2.5,
CAF-001,NT9,2026/27,120,
CAF-002,NT9,2026/27,80,
CSV
cat > returns.csv <<'CSV'
contract,quarter,measure,delivered,evidence,submitted
BIG-001,2026/27-Q1,NT1,10000,Payroll,2026-07-05
CAF-001,2026/27-Q2,NT9,30,Timesheets,2026-10-05
CSV
"$SVDESK" init --db small.db >/dev/null &&
	"$SVDESK" import contracts contracts.csv --db small.db >/dev/null &&
	"$SVDESK" import commitments commitments.csv --db small.db >/dev/null &&
	"$SVDESK" import returns returns.csv --db small.db >/dev/null || exit 99

# screen NAME DB SIZE KEYS [OPTION...]: the last screen after KEYS, against
# golden/NAME.txt
screen() {
	name=$1 db=$2 size=$3
	printf '%s\n' "$4" > "$name.keys"
	shift 4
	run env LC_ALL="${SCREEN_LOCALE:-C.UTF-8}" "$SVDESK" "$@" --db "$db" --keys "$name.keys" \
		--size "$size" --dump "$name.raw"
	if [ "$RC" != 0 ]; then
		not_ok "$name ($size): svdesk exits 0" "status $RC" "$(cat "$WORK/err")"
		return
	fi
	golden_compare "$name" "$size"
}

# ---- the measures tree ---------------------------------------------------------
# first open: the themes unfolded, the outcomes folded
screen measures_80x24 demo.db 80x24 '2'
screen measures_132x43 demo.db 132x43 '2'
# - folds the selected theme; on a folded branch or a leaf, goes to its parent
screen measures_folded_80x24 demo.db 80x24 '2 - j - j - j -'
screen measures_folded_132x43 demo.db 132x43 '2 <Left> j <Left> j <Left> j <Left>'
# + unfolds an outcome; again, to its first measure
screen measures_unfolded_80x24 demo.db 80x24 '2 j + j + j +'
screen measures_unfolded_132x43 demo.db 132x43 '2 j <Right> <Right>'
screen measures_parent_80x24 demo.db 80x24 '2 j + + j <Left>'
# Enter on a theme or an outcome folds and unfolds it
screen measures_enter_fold_80x24 demo.db 80x24 '2 <Enter>'
# search unfolds the branches down to the match, n goes on, N goes back
screen measures_search_80x24 demo.db 80x24 '2 / a p p r e n t i c e <Enter>'
screen measures_search_next_132x43 demo.db 132x43 '2 / a p p r e n t i c e <Enter> n'
screen measures_search_wrap_80x24 demo.db 80x24 '2 / a p p r e n t i c e <Enter> n n'
screen measures_search_prev_80x24 demo.db 80x24 '2 / a p p r e n t i c e <Enter> N'
screen measures_search_none_80x24 demo.db 80x24 '2 / z z z q <Enter>'
screen measures_no_search_80x24 demo.db 80x24 '2 n'
# the year (y: the desk's year picker), the tree's figures follow it
screen measures_year_80x24 small.db 80x24 '2 y <Up> <Enter>'
screen measures_year_132x43 small.db 132x43 '2 j <Right> <Right> y <Up> <Enter>'
# the big commitment: money whole at 60x12 and 80x24, in the sums too
screen measures_big_60x12 small.db 60x12 '2 j <Right> <Right>'
screen measures_big_80x24 small.db 80x24 '2 j <Right> <Right>'
# a record-only measure (no proxy in the current set)
screen measures_record_only_132x43 demo.db 132x43 '2 / n t 3 1 <Enter>'
# Enter on a measure: the contracts that commit to it in the year
screen measures_contracts_80x24 small.db 80x24 '2 j <Right> <Right> <Enter>'
screen measures_contracts_132x43 demo.db 132x43 '2 j <Right> <Right> <Enter>'
screen measures_contracts_back_80x24 small.db 80x24 '2 j <Right> <Right> <Enter> q'
# the mouse: a click on a fold marker unfolds, a double click opens
screen measures_click_80x24 demo.db 80x24 '2 <Click:3,2>'
screen measures_double_80x24 small.db 80x24 '2 <Click:3,2> <Double:4,10>'
# outside UTF-8: + and - for the fold markers, GBP for the pound
SCREEN_LOCALE=C
screen measures_ascii_80x24 demo.db 80x24 '2 j +'
SCREEN_LOCALE=

check "the detail line says the selected measure's units from the database" \
	grep -qF "committed 40,002.5, delivered 10,000, validated 0 FTE; 2 contracts" \
	measures_big_80x24.raw
check "... and its whole title" grep -qF \
	"$(sqlite3 small.db "SELECT code || '  ' || title FROM measure WHERE code = 'NT1'")" \
	measures_big_80x24.raw
# every commitment of the small database is to a Jobs measure: the theme's
# £SV committed is the year's total of every contract
jobs=$(sqlite3 small.db "SELECT printf('£%,d.%02d', sum(committed) / 100, sum(committed) % 100) FROM contract_year WHERE year = 2026")
check "the Jobs theme's £SV committed is the year's total, whole at 60x12 ($jobs)" \
	sh -c 'grep "Jobs" measures_big_60x12.raw | grep -qF "$1"' - "$jobs"
check "Enter on a measure lists its contracts in the year (two)" \
	sh -c 'grep -q "BIG-001" measures_contracts_80x24.raw && grep -q "CAF-001" measures_contracts_80x24.raw && ! grep -q "CAF-002" measures_contracts_80x24.raw'
check "q from a measure's contracts goes back to the tree" \
	grep -q "NT1 " measures_contracts_back_80x24.raw
check "a search's footer counts the matches" \
	sh -c 'tail -1 measures_search_80x24.raw | grep -q "match 1 of 2"'
check "a search that wraps says so" \
	sh -c 'tail -1 measures_search_wrap_80x24.raw | grep -q "search wrapped to the top"'
check "no match says so" \
	sh -c 'tail -1 measures_search_none_80x24.raw | grep -qF "no match for \"zzzq\""'
check "folded, the tree shows the four themes" \
	sh -c 'tail -1 measures_folded_80x24.raw | grep -q "row 4 of 4"'

# keys 2 and 3 do not pile up views: 2 3 2 then q is the contracts list
screen measures_no_pile_80x24 demo.db 80x24 '2 3 2 3 2 q'
check "2 3 2 3 2 q: back on the contracts list" grep -q "^Ref" measures_no_pile_80x24.raw

# keys rebound in [keys]: the tree's search and fold follow them, and the
# word about n before any search names the search key bound now
printf '[keys]\nsearch = <C-f>\nfold = h\nunfold = l\n' > rebound.ini
screen measures_rebound_80x24 demo.db 80x24 '2 n' --config rebound.ini
screen measures_rebound_fold_80x24 demo.db 80x24 '2 h j l l <C-f> n t 1 <Enter>' --config rebound.ini
check "n before a search names the rebound key" \
	sh -c 'tail -1 measures_rebound_80x24.raw | grep -q "press Ctrl-F to search"'

# help lists the tree's keys
screen measures_help_132x43 demo.db 132x43 '2 ?'

# ---- the suppliers list ------------------------------------------------------------
screen suppliers_80x24 demo.db 80x24 '3'
screen suppliers_empty_80x24 empty.db 80x24 '3'
screen suppliers_help_132x43 demo.db 132x43 '3 ?'
screen suppliers_big_60x12 small.db 60x12 '3'
screen suppliers_132x43 demo.db 132x43 '3'
# s cycles the sort column, S reverses; every money column
screen suppliers_sort_contracts_80x24 demo.db 80x24 '3 s S'
screen suppliers_sort_value_80x24 demo.db 80x24 '3 s s S'
screen suppliers_sort_value_132x43 demo.db 132x43 '3 s s S'
screen suppliers_sort_committed_80x24 demo.db 80x24 '3 s s s S'
screen suppliers_sort_committed_132x43 demo.db 132x43 '3 s s s'
screen suppliers_sort_delivered_80x24 demo.db 80x24 '3 s s s s S'
screen suppliers_sort_delivered_132x43 demo.db 132x43 '3 s s s s S'
screen suppliers_sort_validated_80x24 demo.db 80x24 '3 s s s s s S'
screen suppliers_sort_validated_132x43 demo.db 132x43 '3 s s s s s'
screen suppliers_sort_name_desc_80x24 demo.db 80x24 '3 S'
# the selection stays on its supplier through a sort
screen suppliers_sort_keeps_80x24 demo.db 80x24 '3 j j j s s S'
# search on the name, any case, any accent
screen suppliers_search_80x24 small.db 80x24 '3 / c a f e <Enter>'
screen suppliers_search_demo_80x24 demo.db 80x24 '3 / f o r e n s i c <Enter> n'
screen suppliers_search_demo_132x43 demo.db 132x43 '3 / f o r e n s i c <Enter> n N'
screen suppliers_search_wrap_80x24 demo.db 80x24 '3 / f o r e n s i c <Enter> n n'
screen suppliers_search_none_80x24 demo.db 80x24 '3 / z z z q <Enter>'
# the year's figures follow the year
screen suppliers_year_80x24 small.db 80x24 '3 y <Up> <Enter>'
screen suppliers_year_132x43 demo.db 132x43 '3 s s s S y <Up> <Enter>'
# Enter: the supplier's contracts
screen suppliers_contracts_80x24 small.db 80x24 '3 / c a f e <Enter> <Enter>'
screen suppliers_contracts_132x43 demo.db 132x43 '3 j j <Enter>'
# the mouse: a click on a heading sorts on it, again reverses; double click opens
screen suppliers_click_heading_80x24 demo.db 80x24 '3 <Click:1,70> <Click:1,70>'
screen suppliers_click_row_80x24 demo.db 80x24 '3 <Click:4,3>'
screen suppliers_double_80x24 demo.db 80x24 '3 <Double:5,3>'
SCREEN_LOCALE=C
screen suppliers_ascii_80x24 small.db 80x24 '3 s s S'
SCREEN_LOCALE=

check "the big contract's value is whole in the suppliers list at 60x12" \
	grep -qF '£1,234,567,890.12' suppliers_big_60x12.raw
check "the accented supplier is found by cafe" grep -qF 'Café Brüning' suppliers_search_80x24.raw
check "... and its contracts are its two" \
	sh -c 'grep -q CAF-001 suppliers_contracts_80x24.raw && grep -q CAF-002 suppliers_contracts_80x24.raw && ! grep -q BIG-001 suppliers_contracts_80x24.raw'
check "the list counts the suppliers" \
	sh -c "tail -1 suppliers_80x24.raw | grep -q \"of $(sqlite3 demo.db 'SELECT count(*) FROM supplier')\$\""
# the top of a sort on value, largest first, is the supplier whose
# contracts are worth most
top=$(sqlite3 demo.db "SELECT s.name FROM supplier s JOIN contract c ON c.supplier_id = s.id GROUP BY s.id ORDER BY sum(c.value) DESC LIMIT 1")
check "sorted on value, largest first: $top on top" \
	sh -c "sed -n 3p suppliers_sort_value_132x43.raw | grep -qF \"\$1\"" - "$top"

# ---- resizing, in a real terminal (tmux) ------------------------------------------
# Both views at sizes down to too small and back, and the desk ends with
# status 0 and nothing on stderr.
if ! command -v tmux >/dev/null 2>&1; then
	not_ok "tmux is installed (./bootstrap installs it)"
	done_testing
fi
unset TMUX
TMUX_CMD="tmux -L svdesk-tree-$$ -f /dev/null"
trap '$TMUX_CMD kill-server 2>/dev/null; t_cleanup' EXIT
# wait_for TEXT: poll the pane every 20 ms for up to 10 s.
wait_for() {
	i=0
	while [ $i -lt "$(t_n 500)" ]; do
		if $TMUX_CMD capture-pane -p -t t 2>/dev/null | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.02
		i=$((i + 1))
	done
	return 1
}
wait_dead() {
	i=0
	while [ $i -lt "$(t_n 500)" ]; do
		st=$($TMUX_CMD display -p -t t '#{pane_dead_status}' 2>/dev/null)
		if [ -n "$st" ]; then
			echo "$st"
			return 0
		fi
		# tmux 3.3a can miss the child's exit: nudge the server.
		kill -CHLD "$($TMUX_CMD display -p -t t '#{pid}' 2>/dev/null)" 2>/dev/null
		sleep 0.02
		i=$((i + 1))
	done
	echo timeout
	return 1
}
resize() { $TMUX_CMD resize-window -t t -x "$1" -y "$2"; }

$TMUX_CMD new-session -d -s t -x 80 -y 24 "TERM=tmux-256color LC_ALL=C.UTF-8 SVDESK_NOW=$SVDESK_NOW exec '$SVDESK' --db '$WORK/demo.db' 2>'$WORK/stderr'" \; set-option -t t remain-on-exit on
check "tmux: the desk opens" wait_for "row 1 of 60"
$TMUX_CMD send-keys -t t 2
check "tmux: 2 opens the measures tree" wait_for "row 1 of 16"
$TMUX_CMD send-keys -t t j Right
check "tmux: Right unfolds an outcome" wait_for "row 2 of 18"
resize 60 12
check "tmux: at 60x12 the selected outcome still shows" wait_for "More local peop"
resize 30 8
check "tmux: below the minimum the desk says so" wait_for "too small"
resize 132 43
check "tmux: at 132x43 the quantities show" wait_for "Units valid."
$TMUX_CMD send-keys -t t 3
check "tmux: 3 opens the suppliers list" wait_for "row 1 of 28"
resize 61 13
check "tmux: at 61x13 the suppliers list is whole" wait_for "Suppliers"
resize 100 30
$TMUX_CMD send-keys -t t Q
check "tmux: Q quits with status 0" sh -c '[ "$1" = 0 ]' - "$(wait_dead)"
check "tmux: nothing on stderr" sh -c '[ ! -s "$1" ]' - "$WORK/stderr"

done_testing

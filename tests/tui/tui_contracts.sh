#!/bin/sh
# The Contracts view (home, key 1): golden screens of the list with its year
# figures, RAG and flags, search, sort, filter and the year, run headless as
# in tui_golden.sh and compared with tests/tui/golden/contracts/NAME.txt;
# and checks of what the screens say against the database.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden/contracts"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

normalise() {
	sed "1{s/ $me / USER /;s/   */  /g}"
}

"$SVDESK" demo --db demo.db >/dev/null || exit 99

# A small database: a contract of £1,234,567,890.12, a supplier with wide
# (CJK) characters, one with accents, commitments in two years and returns.
cat > contracts.csv <<'CSV'
ref,title,supplier,body,value,start,end,sv_weight,manager,status,living_wage,modern_slavery
BIG-001,National estate framework,Grand Estates Ltd,WMP,"£1,234,567,890.12",2025-04-01,2029-03-31,10,,active,yes,yes
CJK-001,Interpreting services,東京翻訳株式会社,OPCC,48000,2025-04-01,2027-03-31,15,,active,yes,yes
CAF-001,Staff canteen,Café Brüning & Söhne,WMP,120000,2024-04-01,2026-03-31,5,,closed,no,n/a
CSV
cat > commitments.csv <<'CSV'
contract,measure,year,target,note
BIG-001,NT1,2026/27,40,
BIG-001,NT1,2025/26,30,
CJK-001,NT1,2026/27,1,
CAF-001,NT1,2025/26,1,
CSV
cat > returns.csv <<'CSV'
contract,quarter,measure,delivered,evidence,submitted
BIG-001,2026/27-Q1,NT1,10,Payroll,2026-07-05
CJK-001,2026/27-Q2,NT1,1,Payroll,2026-10-05
CSV
"$SVDESK" init --db small.db >/dev/null &&
	"$SVDESK" import contracts contracts.csv --db small.db >/dev/null &&
	"$SVDESK" import commitments commitments.csv --db small.db >/dev/null &&
	"$SVDESK" import returns returns.csv --db small.db >/dev/null || exit 99

# screen NAME DB SIZE KEYS: the last screen after KEYS, against golden/NAME.txt
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

# The selection is not in the dump (only attributes mark it): the footer's
# position says which row it is; Ctrl-L (redraw) clears a message first.

# ---- the list ---------------------------------------------------------------
screen home_80x24 demo.db 80x24 ''
screen home_132x43 demo.db 132x43 ''
screen big_60x12 small.db 60x12 ''
screen big_80x24 small.db 80x24 ''
screen wide_80x24 small.db 80x24 ''
screen wide_132x43 small.db 132x43 ''

check "the big contract's value is whole at 60x12" grep -qF '£1,234,567,890.12' big_60x12.raw
check "... and at 80x24" grep -qF '£1,234,567,890.12' big_80x24.raw
check "the wide-character supplier shows" grep -qF '東京翻訳' wide_132x43.raw

# A commitment to a record-only measure (no proxy: £0 committed) is still a
# commitment of the year: with no return it is flagged M, as the chase list
# lists it.
printf 'theme,outcome,code,title,unit,proxy,proxy_set\nJobs,More local people in employment,XR1,Hours of mentoring,hours,,\n' > rec-m.csv
printf 'ref,title,supplier,body,value,start,end,sv_weight,manager,status,living_wage,modern_slavery\nREC-001,Mentoring scheme,Mentor Co,WMP,5000,2025-04-01,2028-03-31,10,,active,yes,yes\n' > rec-c.csv
printf 'contract,measure,year,target,note\nREC-001,XR1,2026/27,10,\n' > rec-cm.csv
"$SVDESK" init --db rec.db >/dev/null &&
	"$SVDESK" import measures rec-m.csv --db rec.db >/dev/null &&
	"$SVDESK" import contracts rec-c.csv --db rec.db >/dev/null &&
	"$SVDESK" import commitments rec-cm.csv --db rec.db >/dev/null || exit 99
printf '\n' > rec.keys
"$SVDESK" --db rec.db --keys rec.keys --size 80x24 --dump rec.txt
"$SVDESK" chase --db rec.db --format csv > rec-chase.csv
check "record-only commitment, no return: the chase list has it" grep -q ',REC-001,' rec-chase.csv
check "... and the list flags it M, with RAG -" sh -c "grep '^REC-001 ' rec.txt | grep -q ' -  *M\$'"

# ---- search -------------------------------------------------------------------
screen search_found_80x24 demo.db 80x24 '/ w a s t e <Enter>'
screen search_next_80x24 demo.db 80x24 '/ w a s t e <Enter> n n'
screen search_prev_wrapped_80x24 demo.db 80x24 '/ w a s t e <Enter> N'
screen search_wrapped_80x24 demo.db 80x24 'G / o p c c <Enter>'
screen search_nomatch_80x24 demo.db 80x24 '/ z z q <Enter>'
screen search_found_132x43 demo.db 132x43 '/ w a s t e <Enter> n'
screen search_wrapped_132x43 demo.db 132x43 'G / o p c c <Enter>'
screen search_accent_132x43 small.db 132x43 'G / c a f e <Enter>'
screen search_accent_pos_80x24 small.db 80x24 'G / c a f e <Enter> <C-l>'
check "a search wraps with a message" grep -qF 'search wrapped to the top' search_wrapped_80x24.raw
check "... and backwards" grep -qF 'search wrapped to the bottom' search_prev_wrapped_80x24.raw
check "no match says so" grep -qF 'no match for "zzq"' search_nomatch_80x24.raw
check "cafe finds Café (row 2 of 3), wrapping" sh -c \
	'tail -1 search_accent_pos_80x24.raw | grep -q " 2/3\$\| 2 of 3\$"' 

# ---- sort -------------------------------------------------------------------
screen sort_value_80x24 demo.db 80x24 's s s s'
screen sort_value_desc_80x24 demo.db 80x24 's s s s S g'
screen sort_value_desc_132x43 demo.db 132x43 's s s s S g'
screen sort_rag_132x43 demo.db 132x43 's s s s s s s s s'
# outside UTF-8: the sort mark in ASCII, money in GBP, the menus' frames
SCREEN_LOCALE=C
screen sort_value_desc_ascii_80x24 demo.db 80x24 's s s s S g'
screen year_pick_ascii_80x24 small.db 80x24 'y'
SCREEN_LOCALE=
check "the ASCII sort mark" sh -c "sed -n 2p sort_value_desc_ascii_80x24.raw | grep -q 'Valuev'"
# help explains the flags
screen help_flags_80x24 demo.db 80x24 '? G'
# the largest value first when descending, from the database
top=$(sql demo.db "SELECT ref FROM contract ORDER BY value DESC, id DESC LIMIT 1")
check "value descending starts with the largest ($top)" \
	sh -c "sed -n 3p sort_value_desc_80x24.raw | grep -q '^$top '"
# the selection stays on its contract through a sort
screen sort_keeps_80x24 demo.db 80x24 'j j j j j s s s s S <C-l>'
sel=$(sql demo.db "SELECT ref FROM contract ORDER BY ref LIMIT 1 OFFSET 5")
rank=$(sql demo.db "SELECT count(*) FROM contract WHERE value > (SELECT value FROM contract WHERE ref = '$sel') OR (value = (SELECT value FROM contract WHERE ref = '$sel') AND id >= (SELECT id FROM contract WHERE ref = '$sel'))")
check "a sort keeps the selected contract ($sel, now row $rank)" \
	sh -c "tail -1 sort_keeps_80x24.raw | grep -q ' $rank/60\$\| $rank of 60\$'"

# ---- filter -------------------------------------------------------------------
screen filter_pick_80x24 demo.db 80x24 'f'
screen filter_pick_132x43 demo.db 132x43 'f <Down> <Down> <Enter> f'
screen filter_cleared_132x43 demo.db 132x43 'f <Down> <Down> <Enter> F'
screen filter_pick_narrow_80x24 demo.db 80x24 'f r e'
screen filter_opcc_80x24 demo.db 80x24 'f <Down> <Down> <Enter>'
screen filter_opcc_red_132x43 demo.db 132x43 'f <Down> <Down> <Enter> f r e d <Enter>'
screen filter_cleared_80x24 demo.db 80x24 'f <Down> <Down> <Enter> f r e d <Enter> F <C-l>'
screen filter_empty_80x24 small.db 80x24 'f c l o s e d <Enter> f o p c c <Enter>'
opcc=$(sql demo.db "SELECT count(*) FROM contract WHERE body = 'OPCC'")
check "the OPCC filter counts $opcc contracts" \
	sh -c "tail -1 filter_opcc_80x24.raw | grep -q ' 1/$opcc\$\| 1 of $opcc\$'"
check "the cleared filter shows every contract again" \
	sh -c "tail -1 filter_cleared_80x24.raw | grep -q '60'"
check "an empty result says how to clear" \
	grep -qF 'No contracts match the filter (F clears it).' filter_empty_80x24.raw
exc=$(sql demo.db "SELECT count(*) FROM contract WHERE value > 10000000 AND sv_weight < 100")
screen filter_exceptions_80x24 demo.db 80x24 'f p o l <Enter>'
check "policy exceptions only: $exc contracts, each flagged E" \
	sh -c "tail -1 filter_exceptions_80x24.raw | grep -q ' 1/$exc\$\| 1 of $exc\$' &&
	       [ \$(sed -n '3,$((2 + exc))p' filter_exceptions_80x24.raw | grep -c ' E') = $exc ]"

# ---- the year -------------------------------------------------------------------
screen year_pick_80x24 demo.db 80x24 'y'
screen year_pick_132x43 demo.db 132x43 'y <Up>'
screen year_prev_80x24 demo.db 80x24 'y <Up> <Enter>'
screen year_prev_132x43 demo.db 132x43 'y <Up> <Enter>'
check "the title bar shows the year chosen" sh -c "head -1 year_prev_80x24.raw | grep -q 2025/26"

done_testing

#!/bin/sh
# Golden screens: the desk run headless from a key script at a fixed size and
# a fixed "today", its final screen compared with tests/tui/golden/NAME.txt.
# The login of the person running the tests is replaced by USER.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden"
scripts="$top_srcdir/tests/tui/scripts"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

# The title bar (line 1) holds the login: replace it, and squeeze its spaces
# so that a login of any length gives the same text.
normalise() {
	sed "1{s/ $me / USER /;s/   */  /g}"
}

"$SVDESK" demo --db demo.db >/dev/null || exit 99
"$SVDESK" init --db empty.db >/dev/null || exit 99

# screen NAME DB SIZE: run scripts/NAME.keys and compare with golden/NAME.txt
screen() {
	name=$1 db=$2 size=$3
	run "$SVDESK" --db "$db" --keys "$scripts/$name.keys" --size "$size" --dump "$name.raw"
	if [ "$RC" != 0 ]; then
		not_ok "$name ($size): svdesk exits 0" "status $RC" "$(cat "$WORK/err")"
		return
	fi
	golden_compare "$name" "$size"
}

screen contracts_80x24 demo.db 80x24
screen contracts_132x43 demo.db 132x43
screen contracts_down_80x24 demo.db 80x24
screen contracts_pgdn_80x24 demo.db 80x24
screen contracts_end_80x24 demo.db 80x24
screen contracts_end_up_80x24 demo.db 80x24
screen contracts_end_home_132x43 demo.db 132x43
screen help_80x24 demo.db 80x24
screen help_back_80x24 demo.db 80x24
screen empty_80x24 empty.db 80x24
screen too_small demo.db 50x10
screen unbound_key_80x24 demo.db 80x24

# Moving over the whole list and back lands where it started.
printf '<End> <Home>\n' > roundtrip.keys
"$SVDESK" --db demo.db --keys roundtrip.keys --size 80x24 --dump roundtrip.txt
check "End then Home shows the first screen again" \
	sh -c "sed '1{s/ $me / USER /;s/   */  /g}' roundtrip.txt | cmp -s - '$golden/contracts_80x24.txt'"

# Down through every row: the position counter reaches the last row.
keys=""
i=1
while [ $i -lt 60 ]; do keys="$keys j"; i=$((i + 1)); done
echo "$keys" > all.keys
"$SVDESK" --db demo.db --keys all.keys --size 80x24 --dump all.txt
check "j over all 60 rows reaches row 60 of 60" sh -c 'tail -1 all.txt | grep -q " row 60 of 60$"'
check "... with the last ref selected on the bottom row" \
	sh -c "sed -n 23p all.txt | grep -q \"\$(sqlite3 demo.db 'SELECT ref FROM contract ORDER BY ref DESC LIMIT 1')\""

done_testing

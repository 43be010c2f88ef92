#!/bin/sh
# Keys and the mouse, headless: the key script's mouse events (<Click:Y,X>
# <Double:Y,X> <WheelUp:Y,X> <WheelDown:Y,X>, screen row and column from 0),
# Alt and Ctrl keys, [ui] mouse = no and an Alt key bound in [keys].  Golden
# screens in tests/tui/golden/keys/, and each mouse event checked against
# the keys that do the same (a double click is Enter on that row).
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden/keys"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

normalise() {
	sed "1{s/ $me / USER /;s/   */  /g}"
}

"$SVDESK" demo --db demo.db >/dev/null || exit 99
printf '[ui]\nmouse = no\n' > nomouse.ini
printf '[keys]\npage-down = <PgDn> <M-j>\n' > altbound.ini

# desk NAME KEYS [CONFIG]: the last screen after KEYS at 80x24 in NAME.txt
desk() {
	printf '%s\n' "$2" > "$1.keys"
	if [ -n "${3:-}" ]; then
		run "$SVDESK" --config "$3" --db demo.db --keys "$1.keys" --size 80x24 --dump "$1.raw"
	else
		run "$SVDESK" --db demo.db --keys "$1.keys" --size 80x24 --dump "$1.raw"
	fi
	if [ "$RC" != 0 ]; then
		not_ok "$1: svdesk exits 0" "status $RC" "$(cat "$WORK/err")"
		return 1
	fi
	normalise < "$1.raw" > "$1.txt"
}

# screen NAME KEYS [CONFIG]: against golden/NAME.txt
screen() {
	desk "$@" || return
	golden_same "$1" 80x24
}

# same WHAT KEYS1 KEYS2 [CONFIG]: both scripts end on the same screen
same() {
	desk a "$2" "${4:-}" && desk b "$3" "${4:-}" || return
	if cmp -s a.txt b.txt; then
		ok "$1"
	else
		not_ok "$1" "$(diff -u a.txt b.txt | head -40)"
	fi
}

fifth=$(sql demo.db 'SELECT ref FROM contract ORDER BY ref LIMIT 1 OFFSET 4')

# Row 5 of the screen is the fifth contract (the title bar, the header,
# then the list).
screen click_80x24 '<Click:6,3>'
check "a click selects the row clicked (row 5 of 60)" grep -q "row 5 of 60" click_80x24.txt
same "a click is the same as moving there with the keys" '<Click:6,3>' 'j j j j'
same "a click anywhere on the row selects it" '<Click:6,3>' '<Click:6,79>'
same "a double click opens the row, as Enter does" '<Double:6,3>' 'j j j j <Enter>'
screen double_80x24 '<Double:6,3>'
check "... the double-clicked row selected ($fifth)" grep -q "$fifth" double_80x24.txt
same "a click on the title bar, the header or the footer changes nothing" \
	'<Click:0,5> <Click:1,5> <Click:23,5>' ''
same "a click below the last row of a short list changes nothing" \
	'<End> <Click:22,3>' '<End>'
screen wheel_80x24 '<WheelDown:10,3> <WheelDown:10,3> <WheelUp:10,3>'
same "the wheel moves three rows a notch" \
	'<WheelDown:10,3> <WheelDown:10,3> <WheelUp:10,3>' 'j j j'
same "the wheel scrolls from anywhere on the screen" '<WheelDown:0,3>' 'j j j'
screen help_wheel_80x24 '? <WheelDown:5,3>'
same "the wheel scrolls the help" '? <WheelDown:5,3>' '? j j j'
same "mouse = no: the desk ignores clicks" '<Click:6,3> <Double:8,3>' '' nomouse.ini
same "mouse = no: and the wheel" '<WheelDown:6,3>' '' nomouse.ini

# Bad mouse tokens are named and skipped.
desk badmouse '<Click:6>'
check "a mouse token without a column is named" \
	grep -q 'key script line 1: "<Click:6>" is not a mouse event' badmouse.txt

# Alt and Ctrl.
screen alt_j_80x24 '<M-j>'
check "Alt-j is not j: no action here" grep -q "Alt-j: no action here" alt_j_80x24.txt
check "... and does not move" grep -q "row 1 of 60" alt_j_80x24.txt
same "Alt-j bound in [keys] pages down" '<M-j>' '<PgDn>' altbound.ini
same "Ctrl-Down does what Down does" '<C-Down> <C-Down>' 'j j'
same "Shift-PgDn does what PgDn does" '<S-PgDn>' '<PgDn>'
desk ctrlalt '<C-M-Down>'
check "Ctrl-Alt-Down is no action here (Alt keys are never a key alone)" \
	grep -q "Ctrl-Alt-Down: no action here" ctrlalt.txt

done_testing

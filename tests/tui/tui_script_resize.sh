#!/bin/sh
# A key script's <Resize:COLSxROWS>: the headless desk takes the new size as
# it would a terminal's (the dump is that size; below 60x12 it says it is too
# small), down to 1x1 and back; a bad size is a message naming the script
# line, and the desk goes on.
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London

"$SVDESK" demo --db demo.db >/dev/null || exit 99

# dump KEYS: the last screen after KEYS (started at 80x24) in screen.txt
dump() {
	printf '%s\n' "$1" > s.keys
	run "$SVDESK" --db demo.db --keys s.keys --size 80x24 --dump screen.txt
}

width() { wc -L < screen.txt; }   # display columns (UTF-8)

dump '<Resize:40x10>'
check "<Resize:40x10>: exits 0" rc_is 0
check "... the screen is 10 lines" [ "$(wc -l < screen.txt)" = 10 ]
check "... the desk says it is too small at that size" grep -q 'terminal too small: 40x10' screen.txt

dump '<Resize:1x1> j <Resize:60x12> <Down>'
check "<Resize:1x1> then 60x12: exits 0" rc_is 0
check "... the screen is 12 lines" [ "$(wc -l < screen.txt)" = 12 ]
check "... none wider than 60 columns" [ "$(width)" -le 60 ]
check "... the title bar on the first line" [ "$(head -n 1 screen.txt | grep -c 'Contracts')" = 1 ]

dump '<Resize:132x43>'
check "<Resize:132x43>: the screen is 43 lines" [ "$(wc -l < screen.txt)" = 43 ]
check "... the rows use the width (over 80 columns)" [ "$(width)" -gt 80 ]

dump '<Resize:0x5> <Resize:80> <Resize:1000x10>'
check "bad sizes: exits 0" rc_is 0
check "... each is named with the script line" \
	[ "$(grep -c 'key script line 1: .* is not a size' "$WORK/err")" = 3 ]
check "... the screen keeps its size" [ "$(wc -l < screen.txt)" = 24 ]

done_testing

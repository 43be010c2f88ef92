#!/bin/sh
# Progress on stderr while it is a terminal (script(1) gives the command
# one): the import and the demo draw one line, erase it before what they
# print next, and say nothing of the kind in a pipe.  The export's own
# cases are in cli_export.sh.
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
ERASE=$(printf '\r\033[K')

# A contracts file long enough for the import to report progress (it does
# every 8192 rows).
awk 'BEGIN {
	print "ref,title,supplier,body,value,start,end,sv_weight"
	for (i = 1; i <= 9000; i++)
		printf "C-%05d,Cleaning %d,Supplier %d,wmp,1000,2025-04-01,2027-03-31,10\n", i, i, i % 50
}' > contracts.csv
size=$(wc -c < contracts.csv)
mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')

"$SVDESK" init --db pipe.db >/dev/null || exit 99
run "$SVDESK" import contracts contracts.csv --db pipe.db
check "import in a pipe (0)" rc_is 0
check "... no progress in a pipe" err_empty

if ! command -v script >/dev/null 2>&1; then
	not_ok "script(1) is needed to give the command a terminal"
	done_testing
fi

"$SVDESK" init --db tty.db >/dev/null || exit 99
script -qec "'$SVDESK' import contracts contracts.csv --db tty.db" /dev/null > tty.out 2>&1
check "import on a terminal: done, of how many (MB), percent, rate" \
	grep -q "svdesk: import contracts: [0-9.]* of $mb MB ([0-9]*%), [0-9.]* MB/s" tty.out
check "... erased before the summary" grep -qF "${ERASE}contracts: 9000 added" tty.out
check "... and the contracts are in" [ "$(sql tty.db 'SELECT count(*) FROM contract')" = 9000 ]

# A rejected file: each fault starts a clean line, never after the progress.
sed '9001s/,1000,/,lots,/' contracts.csv > bad.csv
"$SVDESK" init --db bad.db >/dev/null || exit 99
script -qec "'$SVDESK' import contracts bad.csv --db bad.db" /dev/null > tty.out 2>&1
check "a fault on a terminal: the progress line erased first" \
	grep -qF "MB/s${ERASE}bad.csv:9001:38: value: \"lots\" is not an amount of money" tty.out
check "... and nothing written" [ "$(sql bad.db 'SELECT count(*) FROM contract')" = 0 ]

run "$SVDESK" demo --contracts 5 --db pipe-demo.db
check "demo in a pipe (0)" rc_is 0
check "... no progress in a pipe" err_empty
script -qec "'$SVDESK' demo --contracts 5 --db tty-demo.db" /dev/null > tty.out 2>&1
check "demo on a terminal: contracts done, of how many, rate" \
	grep -q "svdesk: demo: [1-5] of 5 contracts ([0-9]*%), [0-9]* contracts/s" tty.out
check "... erased before it says what it wrote" \
	grep -qF "${ERASE}svdesk: wrote demo data (5 contracts" tty.out
check "... the same data as without a terminal" \
	[ "$(sql tty-demo.db 'SELECT group_concat(ref) FROM contract')" = \
	  "$(sql pipe-demo.db 'SELECT group_concat(ref) FROM contract')" ]

done_testing

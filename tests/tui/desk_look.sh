#!/bin/sh
# desk_look.sh: a desk shows another program's write between two of its
# keys, even when no pause comes between them (the look for other
# connections' writes is taken before a key when the last one is a tenth
# of a second old), and SVDESK_TIMING_LOG times the import's commit and
# the desk's looks.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/desk_lib.sh"

export SVDESK_NOW=2026-11-27
db=$WORK/look.db
sh "$top_srcdir/tests/desk_data.sh" data 2026 2 "Look Ltd:LK:3" || exit 99
"$SVDESK" init --db "$db" >/dev/null || exit 99
for f in measures contracts commitments; do
	"$SVDESK" import "$f" "data/$f.csv" --db "$db" >/dev/null || exit 99
done
# LK-0003's four lines come later, from another process
grep -v '^LK-0003,' data/returns.csv > first.csv
{ head -1 data/returns.csv; grep '^LK-0003,' data/returns.csv; } > later.csv
"$SVDESK" import returns first.csv --db "$db" >/dev/null || exit 99

mkfifo keys.fifo || exit 99
SVDESK_TIMING_LOG=$WORK/desk.log "$SVDESK" --db "$db" --keys keys.fifo --size 100x24 \
	--dump look.txt 2>desk.err &
desk=$!
# read-write: the open never blocks, even if the desk failed before opening its end
exec 3<>keys.fifo
printf '4 <Ready>\n' >&3
wait_for desk.err "<Ready>" || not_ok "the desk opened the queue" "$(tail -3 desk.err)"
run env SVDESK_TIMING_LOG="$WORK/import.log" "$SVDESK" import returns later.csv --db "$db"
check "the import succeeds" rc_is 0
sleep 0.2
# one key, at once: the desk's last look was before the import
printf 'j\n' >&3
exec 3>&-
wait "$desk"
rc=$?
check "the desk ends (status $rc)" [ "$rc" = 0 ]
check "between its keys, the desk counted the lines imported meanwhile ($(head -1 look.txt))" \
	grep -q '^ look.db  12 awaiting ' look.txt

stamp='[0-9]+\.[0-9]{6}'
import_log_ok() {
	[ "$(grep -c "" import.log)" = 1 ] && grep -Eq "^$stamp [0-9]+ commit $stamp\$" import.log
}
desk_log_ok() {
	[ -s desk.log ] && ! grep -Evq "^$stamp [0-9]+ (look|refresh) $stamp\$" desk.log &&
		awk '$1 < $4 { bad = 1 } END { exit bad }' desk.log
}
check "the import's timing log has its one commit: END PID commit START" import_log_ok
check "the desk's timing log has only looks and refreshes, END after START" desk_log_ok
committed=$(cut -d' ' -f1 import.log)
check "the desk redrew after looking, once the import was committed" \
	awk -v c="$committed" '$3 == "refresh" && $4 >= c { found = 1 } END { exit !found }' desk.log
run "$SVDESK" --db "$db" --keys /dev/null --size 80x24 --dump quiet.txt
check "without SVDESK_TIMING_LOG nothing is logged" [ "$(ls "$WORK"/*.log | wc -l)" = 2 ]
done_testing

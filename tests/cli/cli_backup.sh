#!/bin/sh
# backup: a consistent copy while another connection holds the database.
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
"$SVDESK" demo --db live.db >/dev/null || exit 99
contracts=$(sql live.db 'SELECT count(*) FROM contract')

# Another process holds a write transaction open while we copy.
mkfifo hold
( { echo "BEGIN IMMEDIATE;"; echo "INSERT INTO meta VALUES ('held', '1');"; cat hold; echo "ROLLBACK;"; } | sqlite3 live.db ) &
holder=$!
sleep 0.3
run "$SVDESK" backup --db live.db copy.db
check "backup while another process holds a write lock" rc_is 0
echo done > hold
wait "$holder"
check "the copy passes integrity_check" [ "$(sql copy.db 'PRAGMA integrity_check')" = ok ]
check "the copy has every contract" [ "$(sql copy.db 'SELECT count(*) FROM contract')" = "$contracts" ]
check "the copy has no uncommitted change" [ "$(sql copy.db "SELECT count(*) FROM meta WHERE key = 'held'")" = 0 ]
check "the copy is one self-contained file" [ "$(sql copy.db 'PRAGMA journal_mode')" = delete ]
check "the copy keeps the schema version" \
	[ "$(sql copy.db 'PRAGMA user_version')" = "$(sql live.db 'PRAGMA user_version')" ]
check "the copy opens with svdesk" sh -c '"$SVDESK" init --db copy.db | grep -q "nothing changed"'
check "no temporary file is left" [ -z "$(ls | grep 'tmp-')" ]

run "$SVDESK" backup --db live.db copy.db
check "backup refuses to overwrite (1)" rc_is 1
check "... naming the file" err_has "copy.db"

run "$SVDESK" backup --db live.db nodir/copy.db
check "backup into a missing folder fails (1)" rc_is 1

"$SVDESK" backup --db live.db - > stdout.db
check "backup to standard output" [ "$(sql stdout.db 'SELECT count(*) FROM contract')" = "$contracts" ]

done_testing

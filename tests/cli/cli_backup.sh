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
check "... naming the missing folder" err_has "the folder nodir does not exist"
check "... and writing nothing" test ! -e nodir
run "$SVDESK" backup --db live.db "$WORK/no/such/dir/f.db"
check "a missing folder deeper down is named too" err_has "the folder $WORK/no/such/dir does not exist"

# A backup killed midway leaves its temporary file: the next backup into
# that folder removes it, but never one that a running backup holds.
mkdir -p later
head -c 70000 live.db > later/old.db.svdesk-tmp-Ab12Cd
head -c 70000 live.db > later/held.db.svdesk-tmp-Ef34Gh
: > later/notes.svdesk-tmp-x
echo keep > later/mine.tmp-123456
head -c 70000 live.db > later/fresh.db.svdesk-tmp-Ij56Kl
touch -d '2 hours ago' later/old.db.svdesk-tmp-Ab12Cd later/held.db.svdesk-tmp-Ef34Gh \
	later/notes.svdesk-tmp-x
mkfifo lockheld release
flock later/held.db.svdesk-tmp-Ef34Gh sh -c 'echo locked > lockheld; read -r _ < release' &
locker=$!
read -r _ < lockheld
run "$SVDESK" backup --db live.db later/new.db
check "a backup beside a dead backup's file" rc_is 0
check "... removes the dead backup's file" test ! -e later/old.db.svdesk-tmp-Ab12Cd
check "... keeps the file of a backup still running" test -e later/held.db.svdesk-tmp-Ef34Gh
check "... and one just made (a backup that has not locked it yet)" \
	test -e later/fresh.db.svdesk-tmp-Ij56Kl
check "... and files that are not a backup's" \
	sh -c 'test -e later/notes.svdesk-tmp-x && test -e later/mine.tmp-123456'
echo done > release
wait "$locker"
mkdir -p tmpdir
head -c 70000 live.db > tmpdir/svdesk-backup.svdesk-tmp-Zz99Yy
touch -d '2 hours ago' tmpdir/svdesk-backup.svdesk-tmp-Zz99Yy
TMPDIR="$WORK/tmpdir" "$SVDESK" backup --db live.db - > stdout2.db
check "backup - removes a dead backup's file in TMPDIR" test ! -e tmpdir/svdesk-backup.svdesk-tmp-Zz99Yy
check "... and leaves none of its own" [ -z "$(ls tmpdir)" ]

"$SVDESK" backup --db live.db - > stdout.db
check "backup to standard output" [ "$(sql stdout.db 'SELECT count(*) FROM contract')" = "$contracts" ]

done_testing

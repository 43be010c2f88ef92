#!/bin/sh
# Databases: init, the catalogue, modes, refusals, the default path.
. "$top_srcdir/tests/lib.sh"

umask 022

run "$SVDESK" init --db x.db
check "init creates a database" rc_is 0
check "init says it created it" out_has "created"
check "the database is mode 0600" [ "$(file_mode x.db)" = 600 ]
check "the catalogue has the 4 West Midlands themes" \
	[ "$(sql x.db 'SELECT count(*) FROM theme')" = 4 ]
check "the catalogue has the 12 outcomes" \
	[ "$(sql x.db 'SELECT count(*) FROM outcome')" = 12 ]
check "the catalogue has at least 25 measures" \
	[ "$(sql x.db 'SELECT count(*) FROM measure')" -ge 25 ]
check "the outcome spelling of the policy" \
	[ "$(sql x.db "SELECT count(*) FROM outcome WHERE text = 'A workforce and culture that reflect the diversity of the local community'")" = 1 ]
check "the current proxy set is illustrative" \
	[ "$(sql x.db 'SELECT illustrative FROM proxy_set WHERE is_current = 1')" = 1 ]
check "foreign keys are consistent" [ -z "$(sql x.db 'PRAGMA foreign_key_check')" ]
check "the schema version is set" [ "$(sql x.db 'PRAGMA user_version')" -ge 1 ]
check "the database is in WAL mode" [ "$(sql x.db 'PRAGMA journal_mode')" = wal ]

before=$(sha256sum x.db | cut -d' ' -f1)
dump_before=$(sql x.db .dump | sha256sum)
run "$SVDESK" init --db x.db
check "init again exits 0" rc_is 0
check "init again says nothing changed" out_has "nothing changed"
check "init again changes no byte" [ "$(sha256sum x.db | cut -d' ' -f1)" = "$before" ]
check "init again changes no row" [ "$(sql x.db .dump | sha256sum)" = "$dump_before" ]

# A newer database is refused, untouched.
cp x.db newer.db
sqlite3 newer.db 'PRAGMA user_version = 999'
before=$(sha256sum newer.db | cut -d' ' -f1)
run "$SVDESK" init --db newer.db
check "a newer database is refused (1)" rc_is 1
check "the message names the database's version" err_has "999"
version=$("$SVDESK" --version | sed -n 's/.*schema version \([0-9]*\).*/\1/p')
check "the message names this svdesk's version" err_has "($version)"
check "the newer database is untouched" [ "$(sha256sum newer.db | cut -d' ' -f1)" = "$before" ]
run "$SVDESK" backup --db newer.db copy-newer.db
check "backup refuses a newer database too" rc_is 1

# A file that is not an svdesk database.
echo "not a database" > foreign.db
run "$SVDESK" init --db foreign.db
check "a foreign file is refused (1)" rc_is 1
check "... as not an svdesk database" err_has "not an svdesk database"
check "... and left alone" [ "$(cat foreign.db)" = "not a database" ]
sqlite3 other.db 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
run "$SVDESK" init --db other.db
check "another program's SQLite database is refused" rc_is 1
check "... and left alone" [ "$(sql other.db 'SELECT count(*) FROM sqlite_schema')" = 1 ]

# An empty SQLite database made by another program (no tables, application
# id 0, but not a zero-byte file): only init may make it an svdesk database.
sqlite3 bare.db 'PRAGMA page_size = 4096; VACUUM;'
check "a bare SQLite file is not empty" [ "$(wc -c < bare.db)" -gt 0 ]
bare_before=$(sha256sum bare.db | cut -d' ' -f1)
printf 'q\n' > q.keys
run "$SVDESK" --db bare.db --keys q.keys --size 80x24
check "the desk refuses another program's empty SQLite file (1)" rc_is 1
check "... saying what it is" err_has "an empty SQLite database made by another program"
check "... and that init makes it one" err_has "svdesk init --db bare.db"
check "... and leaves it alone" [ "$(sha256sum bare.db | cut -d' ' -f1)" = "$bare_before" ]
run "$SVDESK" backup --db bare.db bare-copy.db
check "backup refuses it too" rc_is 1
run "$SVDESK" demo --db bare.db
check "demo refuses it too" rc_is 1
check "... leaving it alone" [ "$(sha256sum bare.db | cut -d' ' -f1)" = "$bare_before" ]
run "$SVDESK" init --db bare.db
check "init makes it an svdesk database" rc_is 0
check "... with the catalogue" [ "$(sql bare.db 'SELECT count(*) FROM theme')" = 4 ]

# Anything that is not a regular file is refused before SQLite touches it.
run "$SVDESK" --db /dev/null backup copy-null.db
check "/dev/null as the database is refused (1)" rc_is 1
check "... as not a regular file" err_has "/dev/null: not a regular file"
check "... leaving no /dev/null-journal" test ! -e /dev/null-journal
mkfifo pipe.db
run "$SVDESK" init --db pipe.db
check "a FIFO as the database is refused (1)" rc_is 1
check "... leaving nothing beside it" [ -z "$(ls | grep '^pipe.db-')" ]

# A missing folder is named.
run "$SVDESK" init --db /no/such/dir/x.db
check "init in a missing folder fails (1)" rc_is 1
check "... naming the folder" err_has "the folder /no/such/dir does not exist"
run "$SVDESK" --db "$WORK/gone/x.db" backup copy.db
check "a database in a missing folder: the folder is named" err_has "folder $WORK/gone does not exist"
check "... and init is suggested" err_has "svdesk init --db $WORK/gone/x.db"

# A busy database: the path once, and no blame on svdesk (sqlite3 holds it).
"$SVDESK" init --db busy.db >/dev/null
printf '[database]\nbusy_timeout_ms = 50\n' > fast.ini
mkfifo hold_in hold_out
sqlite3 busy.db < hold_in > hold_out &
holder=$!
exec 3> hold_in
echo "BEGIN IMMEDIATE; SELECT 'held';" >&3
read -r held < hold_out
run "$SVDESK" --config fast.ini demo --contracts 1 --db busy.db
check "a locked database: exit 1" rc_is 1
check "... says it is busy" err_has "the database is busy"
check "... names the path once" [ "$(grep -o 'busy.db' "$WORK/err" | wc -l)" = 1 ]
check "... and does not blame svdesk alone" err_has "another program holds its lock"
exec 3>&-
wait "$holder"
check "(the lock was held)" [ "$held" = held ]

# A damaged database gets advice.
"$SVDESK" demo --contracts 20 --db damaged.db >/dev/null
size=$(wc -c < damaged.db)
head -c $(( size - 5 * 4096 )) /dev/zero | tr '\000' 'x' > junk
dd if=junk of=damaged.db bs=4096 seek=3 conv=notrunc 2>/dev/null
run "$SVDESK" demo --contracts 1 --db damaged.db
check "a damaged database: exit 1" rc_is 1
check "... says to restore from a backup" err_has "restore the latest copy made by svdesk backup"
check "... or to run svdesk check" err_has "svdesk check"

# An empty file counts as new.
: > empty.db
run "$SVDESK" init --db empty.db
check "an empty file counts as new" rc_is 0
check "... and gets the catalogue" [ "$(sql empty.db 'SELECT count(*) FROM theme')" = 4 ]

# A database named by --db or SVDESK_DB that does not exist.
run "$SVDESK" --db missing.db backup copy.db
check "a missing --db is an error (1)" rc_is 1
check "... that suggests svdesk init" err_has "svdesk init"
check "... and creates nothing" test ! -e missing.db
SVDESK_DB="$WORK/missing2.db" run "$SVDESK" backup copy.db
check "a missing SVDESK_DB is an error (1)" rc_is 1
check "... and creates nothing" test ! -e missing2.db
printf 'q\n' > quit.keys
run "$SVDESK" --db missing.db --keys quit.keys --size 80x24
check "the desk on a missing --db is an error (1)" rc_is 1
check "... that suggests svdesk init" err_has "svdesk init --db"
check "... and creates nothing" test ! -e missing.db

# Only the default path is created silently.
run "$SVDESK" --keys quit.keys --size 80x24 --dump screen.txt
check "the desk creates the default database" rc_is 0
check "... at the XDG data path" test -f "$XDG_DATA_HOME/svdesk/svdesk.db"
check "... mode 0600" [ "$(file_mode "$XDG_DATA_HOME/svdesk/svdesk.db")" = 600 ]
check "... and says how to get data in" grep -q "svdesk --demo" screen.txt

# [database] group: mode 0660 and that group.
grp=$(id -gn)
printf '[database]\ngroup = %s\n' "$grp" > group.ini
run "$SVDESK" --config group.ini init --db grouped.db
check "init with a group" rc_is 0
check "a database with a group is mode 0660" [ "$(file_mode grouped.db)" = 660 ]
check "... and has that group" [ "$(stat -c %G grouped.db)" = "$grp" ]

# The database defends its audit trail.
run "$SVDESK" demo --contracts 3 --db audited.db
check "demo data for the audit checks" rc_is 0
run sqlite3 audited.db "UPDATE contract SET value = 0"
check "a change outside svdesk is refused" [ "$RC" != 0 ]
run sqlite3 audited.db "DELETE FROM audit"
check "the audit log refuses DELETE" [ "$RC" != 0 ]
check "... saying it is append-only" err_has "append-only"
run sqlite3 audited.db "UPDATE audit SET who = 'x'"
check "the audit log refuses UPDATE" [ "$RC" != 0 ]

done_testing

#!/bin/sh
# Failing files, the parts any user can test (tests/hard/disk.sh has the
# rest, with a full disk and other users): a write past the file size
# limit (ulimit -f) is an error with exit 1 that names the limit, never a
# death by SIGXFSZ that leaves a temporary file; a damaged database is
# named as such, an import that meets it stops with exit 1 (it is not the
# CSV file's fault), and svdesk check integrity reports it (exit 3).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
"$SVDESK" demo --db d.db >/dev/null || exit 99
sh "$top_srcdir/tests/desk_data.sh" data 2026 10 "Disk Test Ltd:DT:50" >/dev/null || exit 99
for f in measures contracts commitments; do
	"$SVDESK" import "$f" "data/$f.csv" --db d.db >/dev/null || exit 99
done
sql_hash() { sqlite3 -readonly d.db 'SELECT count(*), total(delivered) FROM return_line'; }
before=$(sql_hash)
mkdir dest

# ---- the file size limit (512-byte blocks; the -shm file needs 64) ---------
ulim() {
	b=$1
	shift
	run sh -c 'ulimit -f "$0" && exec "$@"' "$b" "$@"
}
ulim 80 "$SVDESK" export returns -o dest/r.csv --db d.db
check "export -o past the file size limit: exit 1, not SIGXFSZ" rc_is 1
check "... names the file and the limit" err_has "dest/r.csv: cannot write: the file would grow past the file size limit of this process (ulimit -f)"
check "... and leaves no file, whole or part" [ -z "$(ls -A dest)" ]
ulim 80 "$SVDESK" backup dest/copy.db --db d.db
check "a backup past the limit: exit 1" rc_is 1
check "... names the copy and the limit" err_has "dest/copy.db: the file would grow past the file size limit"
check "... and leaves no file" [ -z "$(ls -A dest)" ]
ulim 80 "$SVDESK" import returns data/returns.csv --db d.db
check "an import past the limit: exit 1" rc_is 1
check "... names the database and the limit" err_has "d.db: the file reached the file size limit of this process (ulimit -f)"
check "... and changes nothing" [ "$(sql_hash)" = "$before" ]

# ---- a damaged database --------------------------------------------------------
cp d.db cut.db
truncate -s $(( $(stat -c %s cut.db) / 2 )) cut.db
run "$SVDESK" check integrity --db cut.db
check "check integrity on a database cut in half: exit 3" rc_is 3
check "... the damage is its finding" out_has "svdesk: integrity: cut.db: the database is damaged: run svdesk check"
run "$SVDESK" check policy --db cut.db
check "check policy alone on it: exit 1 (no report can be made)" rc_is 1
run "$SVDESK" export returns --db cut.db
check "an export from it: exit 1" rc_is 1
check "... saying it is damaged, and what to do" \
	err_has "cut.db: the database is damaged: run svdesk check to see what is wrong, and restore the latest copy made by svdesk backup"

# the first page of the contracts' unique index overwritten: the import
# finds it while looking a contract up
cp d.db idx.db
page=$(sqlite3 -readonly idx.db "SELECT min(pageno) FROM dbstat WHERE name = 'sqlite_autoindex_contract_1'")
pg=$(sqlite3 -readonly idx.db 'PRAGMA page_size')
head -c 8 /dev/zero | tr '\000' '\377' | dd of=idx.db bs=1 seek=$(( (page - 1) * pg )) conv=notrunc status=none
sum=$(sha256sum idx.db)
"$SVDESK" export contracts --db d.db | sed 's/^OPCC-/NEW-/; s/^WMP-/NEW2-/' > contracts.csv
run "$SVDESK" import contracts contracts.csv --db idx.db
check "an import into a database with a damaged index: exit 1, not 3" rc_is 1
check "... the database named, not a line of the file" \
	sh -c "grep -q '^svdesk: idx.db: the database is damaged' '$WORK/err' && ! grep -q 'contracts.csv:' '$WORK/err'"
check "... and nothing written" [ "$(sha256sum idx.db)" = "$sum" ]
run "$SVDESK" check integrity --db idx.db
check "check integrity finds it (exit 3)" rc_is 3

done_testing

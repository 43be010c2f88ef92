#!/bin/sh
# disk.sh: failing disks and files (issue 10, item 3).  Everything svdesk
# runs here runs as an ordinary user that the test creates (useradd,
# setpriv; removed at exit), on copies of one database:
#   1. a full disk (a small tmpfs, filled to leave a little room) during an
#      import, decisions at a headless desk, a backup, an export -o and a
#      report -o; the same under a file size limit (ulimit -f); then, with
#      room again, the same operation succeeds;
#   2. a database file the person may read but not write (and after that
#      person, its owner: SQLite's -wal/-shm files the reader left), and one
#      in a folder the person cannot write;
#   3. a database cut short (0 and 100 bytes, mid-page, at a page boundary,
#      half, 100 bytes short) and one whose b-tree pages are
#      overwritten (the page header, the cell pointers) in the main tables
#      and in indexes: every command (desk, reports, exports, import,
#      check, backup) works or says what is wrong and where, exit 1, and
#      svdesk check integrity finds the damage (exit 3).
# Each case asserts the message (what failed, where, what to do), the exit
# status of the spec, no death by a signal and no sanitizer report, and that
# nothing was half-written: the same content as before (every export),
# svdesk check integrity audit clean, no partial output file left.
#
# Root is needed for the users and the tmpfs (CI runs as root); as an
# ordinary user the tmpfs part is skipped and the rest runs as that user.
# Environment (defaults in brackets):
#   DISK_TMPFS_KB [3072]  size of the tmpfs
#   DISK_ROOM_KB [40]     room left on it for the database's writes
#   DISK_OUT_ROOM_KB [8]  room left on it for an output file (backup, -o)
#   DISK_FSIZE_BLOCKS [80]  ulimit -f, in 512-byte blocks (the -shm file
#                         needs 64)
#   DISK_CONTRACTS [100]  contracts of the import (x 10 measures x 2 lines)
#   DISK_TABLES [return_line contract decision audit
#               sqlite_autoindex_return_line_1 return_line_queue]
#                         the tables and indexes whose first leaf page is
#                         damaged (each twice: its header, its cell pointers)
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
tmpfs_kb=${DISK_TMPFS_KB:-3072}
room_kb=${DISK_ROOM_KB:-40}
out_room_kb=${DISK_OUT_ROOM_KB:-8}
fsize=${DISK_FSIZE_BLOCKS:-80}
ncontracts=${DISK_CONTRACTS:-100}
tables=${DISK_TABLES:-return_line contract decision audit sqlite_autoindex_return_line_1 return_line_queue}
t_start=$(date +%s.%N)

# A folder every user can reach (the build tree may sit under /root).
area=$(mktemp -d /tmp/svdesk-disk.XXXXXX) || exit 99
chmod 755 "$area"
made_user= made_owner= mnt=
disk_cleanup() {
	if [ -n "$mnt" ] && mountpoint -q "$mnt" 2>/dev/null; then
		umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null
	fi
	[ -z "$made_user" ] || userdel "$made_user" 2>/dev/null
	[ -z "$made_owner" ] || userdel "$made_owner" 2>/dev/null
	[ "${T_KEEP:-}" = 1 ] || rm -rf "$area"
	t_cleanup
}
trap 'disk_cleanup' EXIT
cp "$SVDESK" "$area/svdesk" && chmod 755 "$area/svdesk" || exit 99
S="$area/svdesk"
mkdir "$area/home" "$area/out" && chmod 777 "$area/home" "$area/out"

root=
if [ "$(id -u)" = 0 ]; then
	root=1
	user=svdesk-disk-$$
	useradd --no-create-home --shell /usr/sbin/nologin "$user" && made_user=$user ||
		{ not_ok "useradd $user"; done_testing; }
	uid=$(id -u "$user")
	gid=$(id -g "$user")
	as_user() {
		HOME="$area/home" XDG_CONFIG_HOME="$area/home" XDG_DATA_HOME="$area/home" \
			setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"
	}
	give() { chown -R "$uid:$gid" "$@"; }
else
	user=$(id -un)
	as_user() {
		HOME="$area/home" XDG_CONFIG_HOME="$area/home" XDG_DATA_HOME="$area/home" "$@"
	}
	give() { :; }
fi

# urun CMD...: run as the user (run of lib.sh: $RC, $WORK/out, $WORK/err).
urun() { run as_user "$@"; }
# ulim BLOCKS CMD...: the same under ulimit -f BLOCKS (512-byte blocks).
ulim() {
	b=$1
	shift
	run as_user sh -c 'ulimit -f "$0" && exec "$@"' "$b" "$@"
}

# ---- what every case asserts ----------------------------------------------------

# no_crash LABEL: the last run did not die of a signal, and no sanitizer
# report is on its stderr.
no_crash() {
	if [ "$RC" -ge 128 ] || grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$WORK/err"; then
		not_ok "$1: no crash" "status: $RC" "stderr: $(head -c 800 "$WORK/err")"
		return 1
	fi
	return 0
}

# said TEXT...: stderr has every TEXT.
said() {
	for t in "$@"; do
		grep -qF -- "$t" "$WORK/err" || return 1
	done
}

# content DB: what the database holds, as the user sees it (every export).
content() {
	for k in measures contracts commitments returns audit; do
		as_user "$S" export "$k" --db "$1" || echo "export $k failed"
	done 2>&1 | sha256sum | cut -d' ' -f1
}

# intact LABEL DB BEFORE: the database is whole (PRAGMA integrity_check,
# svdesk check integrity audit) and holds BEFORE (from content).
intact() {
	ic=$(as_user sqlite3 -readonly "$2" 'PRAGMA integrity_check' 2>&1)
	as_user "$S" check integrity audit --db "$2" >"$WORK/check.out" 2>&1
	crc=$?
	now=$(content "$2")
	if [ "$ic" = ok ] && [ "$crc" = 0 ] && [ "$now" = "$3" ]; then
		ok "$1: the database is whole and unchanged"
	else
		not_ok "$1: the database is whole and unchanged" "integrity_check: $ic" \
			"svdesk check: $crc $(head -c 400 "$WORK/check.out")" \
			"content: $now, before $3"
	fi
}

# litter DIR: the files in DIR that are neither the database and SQLite's
# own files beside it nor a filler.
litter() {
	ls -A "$1" | grep -v '^t\.db$\|^t\.db-wal$\|^t\.db-shm$\|^filler$\|^keys$'
}

# ---- the data ---------------------------------------------------------------------
# The demo (60 contracts) with a further supplier's contracts and
# commitments; its return lines (DISK_CONTRACTS x 10 measures x 2) are the
# file to import.
sh "$top_srcdir/tests/desk_data.sh" "$area/data" 2026 10 "Disk Test Ltd:DT:$ncontracts" >/dev/null ||
	exit 99
chmod -R a+rX "$area/data"
mkdir "$area/setup"
chmod 777 "$area/setup"
as_user "$S" demo --db "$area/setup/base.db" >/dev/null || exit 99
for f in measures contracts commitments; do
	as_user "$S" import "$f" "$area/data/$f.csv" --db "$area/setup/base.db" >/dev/null || exit 99
done
cp "$area/setup/base.db" "$area/base.db" || exit 99
chmod 644 "$area/base.db"
printf '4 a a a\n' > "$area/keys.decide"
printf '1 2 3 4 5 6 7 8\n' > "$area/keys.views"
chmod 644 "$area"/keys.*

# fresh DIR: a copy of base.db as DIR/t.db, the user's, and its content.
fresh() {
	mkdir -p "$1"
	rm -f "$1"/t.db*
	cp "$area/base.db" "$1/t.db"
	give "$1/t.db"
	chmod 600 "$1/t.db"
}

fresh "$area/ref"
chmod 777 "$area/ref"
base_content=$(content "$area/ref/t.db")

# lap NAME: the seconds since the last lap, as a TAP comment.
t_lap=$t_start
lap() {
	t_now=$(date +%s.%N)
	echo "# $1: $(awk -v a="$t_lap" -v b="$t_now" 'BEGIN { printf "%.1f", b - a }') s"
	t_lap=$t_now
}
lap "the data"

# ---- 1. a full disk --------------------------------------------------------------

# fill ROOM_KB: leave that much room on the tmpfs.
fill() {
	rm -f "$mnt/filler"
	avail=$(df -B1 --output=avail "$mnt" | tail -1)
	n=$((avail - $1 * 1024))
	[ "$n" -gt 0 ] || return 0
	fallocate -l "$n" "$mnt/filler" 2>/dev/null || head -c "$n" /dev/zero > "$mnt/filler"
}

# full_db LABEL WANT KEYS|CMD...: with the database on the full tmpfs, the
# command fails (WANT: the exit status, 0 for the desk) saying the disk is
# full, and changes nothing; with room again it succeeds.
full_import() {
	fresh "$mnt"
	before=$(content "$mnt/t.db")
	fill "$room_kb"
	urun "$S" import returns "$area/data/returns.csv" --db "$mnt/t.db"
	no_crash "disk full, import" &&
		check "disk full, import: exit 1" rc_is 1
	check "... says the disk is full, and names the database" said "$mnt/t.db: " "the disk is full" "free some space"
	check "... and no CSV line is blamed" sh -c "! grep -q 'returns.csv:' '$WORK/err'"
	check "... leaves nothing beside the database" [ -z "$(litter "$mnt")" ]
	intact "disk full, import" "$mnt/t.db" "$before"
	rm -f "$mnt/filler"
	urun "$S" import returns "$area/data/returns.csv" --db "$mnt/t.db"
	check "with room again the import succeeds" rc_is 0
	check "... all of it" out_has "returns: $((ncontracts * 20)) added"
}

full_desk() {
	fresh "$mnt"
	before=$(content "$mnt/t.db")
	fill "$room_kb"
	urun "$S" --db "$mnt/t.db" --keys "$area/keys.decide" --size 80x24 --dump "$area/home/full.txt"
	no_crash "disk full, desk" &&
		check "disk full, decisions at the desk: the desk carries on (exit 0)" rc_is 0
	check "... its footer says the decision was not recorded: the disk is full" \
		said "status: not recorded: $mnt/t.db: the disk is full"
	check "... no decision is said to be recorded" sh -c "! grep -q '^status: accepted' '$WORK/err'"
	check "... the screen shows it" grep -q "not recorded: $mnt/t.db: the disk is full" "$area/home/full.txt"
	check "... leaves nothing beside the database" [ -z "$(litter "$mnt")" ]
	intact "disk full, desk" "$mnt/t.db" "$before"
	rm -f "$mnt/filler"
	urun "$S" --db "$mnt/t.db" --keys "$area/keys.decide" --size 80x24
	check "with room again the decisions are recorded" \
		[ "$(grep -c '^status: accepted' "$WORK/err")" = 3 ]
	# too full for SQLite's -shm file (32 KB): the database cannot be read
	fresh "$mnt"
	before=$(content "$mnt/t.db")
	fill 8
	urun "$S" --db "$mnt/t.db" --keys "$area/keys.decide" --size 80x24
	no_crash "disk too full to open" &&
		check "a disk too full for the -shm file: the desk does not open (exit 1)" rc_is 1
	check "... saying the disk is full" said "svdesk: $mnt/t.db: the disk is full"
	rm -f "$mnt/filler"
	intact "disk too full to open" "$mnt/t.db" "$before"
}

# full_out LABEL FILE CMD...: the command writes FILE on the full tmpfs
# (the database elsewhere): exit 1, the disk is full, no FILE and no
# temporary file; with room the same succeeds.
full_out() {
	label=$1 file=$2
	shift 2
	fill "$out_room_kb"
	urun "$@"
	no_crash "disk full, $label" &&
		check "disk full, $label: exit 1" rc_is 1
	check "... says the disk is full, naming $(basename "$file")" said "$file: " "the disk is full"
	check "... leaves no file, whole or part" [ -z "$(litter "$mnt")" ]
	rm -f "$mnt/filler"
	urun "$@"
	check "with room again, $label succeeds" rc_is 0
	check "... and writes it" [ -s "$file" ]
	rm -f "$file"
}

if [ -n "$root" ]; then
	mnt="$area/full"
	mkdir "$mnt"
	if mount -t tmpfs -o "size=${tmpfs_kb}k,mode=0777" tmpfs "$mnt"; then
		full_import
		full_desk
		rm -f "$mnt"/t.db*
		fresh "$area/db"
		chmod 777 "$area/db"
		before=$(content "$area/db/t.db")
		full_out "a backup" "$mnt/copy.db" "$S" backup "$mnt/copy.db" --db "$area/db/t.db"
		full_out "export returns -o" "$mnt/returns.csv" "$S" export returns -o "$mnt/returns.csv" --db "$area/db/t.db"
		full_out "report qprb -o" "$mnt/qprb.csv" "$S" report qprb --quarter 2026/27-Q2 -o "$mnt/qprb.csv" --db "$area/db/t.db"
		intact "disk full, output files" "$area/db/t.db" "$before"
		umount "$mnt" && mnt=
	else
		not_ok "mount a ${tmpfs_kb} KB tmpfs"
	fi
else
	ok "disk full on a tmpfs # SKIP needs root (mount)"
fi

lap "a full disk"

# ---- 1b. the file size limit (ulimit -f) -------------------------------------------
# The database and the output files grow past the limit: svdesk is not
# killed by SIGXFSZ, says so and leaves nothing.
fresh "$area/lim"
chmod 777 "$area/lim"
before=$(content "$area/lim/t.db")
ulim "$fsize" "$S" import returns "$area/data/returns.csv" --db "$area/lim/t.db"
no_crash "ulimit -f, import" &&
	check "ulimit -f, import: exit 1 (not killed by SIGXFSZ)" rc_is 1
check "... names the database and the file size limit" said "$area/lim/t.db: " "file size limit" "ulimit -f"
intact "ulimit -f, import" "$area/lim/t.db" "$before"
ulim "$fsize" "$S" --db "$area/lim/t.db" --keys "$area/keys.decide" --size 80x24
no_crash "ulimit -f, desk" &&
	check "ulimit -f, desk: exit 0" rc_is 0
check "... not recorded, the file size limit named" said "status: not recorded: $area/lim/t.db: " "ulimit -f"
intact "ulimit -f, desk" "$area/lim/t.db" "$before"
for c in "backup:$area/out/copy.db:backup $area/out/copy.db" \
	"export:$area/out/returns.csv:export returns -o $area/out/returns.csv" \
	"report:$area/out/qprb.csv:report qprb --quarter 2026/27-Q2 -o $area/out/qprb.csv"; do
	label=${c%%:*} rest=${c#*:}
	file=${rest%%:*} args=${rest#*:}
	# shellcheck disable=SC2086
	ulim "$fsize" "$S" $args --db "$area/lim/t.db"
	no_crash "ulimit -f, $label" &&
		check "ulimit -f, $label: exit 1" rc_is 1
	check "... names $(basename "$file") and the file size limit" said "$file: " "ulimit -f"
	check "... leaves no file, whole or part" [ -z "$(ls -A "$area/out")" ]
done
intact "ulimit -f, output files" "$area/lim/t.db" "$before"

lap "the file size limit"

# ---- 2. read-only file, unwritable folder ------------------------------------------

# A database the person may read, not write, in a folder the person may
# write: read fully, writes refused, nothing changed.
mkdir "$area/ro"
cp "$area/base.db" "$area/ro/t.db"
if [ -n "$root" ]; then
	chmod 644 "$area/ro/t.db"
	chmod 777 "$area/ro"
else
	chmod 444 "$area/ro/t.db"
fi
sum=$(sha256sum "$area/ro/t.db" | cut -d' ' -f1)
check "read-only file: every export works, the same as the writable copy's" \
	[ "$(content "$area/ro/t.db")" = "$base_content" ]
urun "$S" report qprb --quarter 2026/27-Q2 -o "$area/out/ro.txt" --db "$area/ro/t.db"
check "read-only file: reports work" rc_is 0
urun "$S" check integrity audit --db "$area/ro/t.db"
check "read-only file: check works (exit 0)" rc_is 0
urun "$S" backup "$area/out/ro-copy.db" --db "$area/ro/t.db"
check "read-only file: backup works" rc_is 0
urun "$S" import returns "$area/data/returns.csv" --db "$area/ro/t.db"
no_crash "read-only file, import" &&
	check "read-only file: an import is refused (exit 1)" rc_is 1
check "... saying the database is read-only here, and nothing changed" \
	said "$area/ro/t.db: " "read-only" "nothing was changed"
urun "$S" --db "$area/ro/t.db" --keys "$area/keys.decide" --size 80x24 --dump "$area/out/ro-desk.txt"
check "read-only file: the desk opens (exit 0)" rc_is 0
check "... READ-ONLY in its title bar" grep -q READ-ONLY "$area/out/ro-desk.txt"
check "... a decision is refused in the footer" said "status: the database is read-only"
check "read-only file: the file is unchanged" [ "$(sha256sum "$area/ro/t.db" | cut -d' ' -f1)" = "$sum" ]
rm -f "$area"/out/*

# The reader left SQLite's -wal and -shm files beside the database (its
# own, with the database's mode): the owner of the database cannot write
# them.  The owner's desk opens READ-ONLY saying which file, whose, and
# what to do; an import is refused the same way; nothing changes.  With
# the two files removed, the owner writes again.
if [ -n "$root" ] && [ -e "$area/ro/t.db-shm" ]; then
	owner=svdesk-dsko-$$
	if useradd --no-create-home --shell /usr/sbin/nologin "$owner"; then
		made_owner=$owner
		ouid=$(id -u "$owner")
		as_owner() {
			HOME="$area/home" XDG_CONFIG_HOME="$area/home" XDG_DATA_HOME="$area/home" \
				setpriv --reuid="$ouid" --regid="$ouid" --clear-groups -- "$@"
		}
		chown "$owner" "$area/ro/t.db"
		run as_owner "$S" --db "$area/ro/t.db" --keys "$area/keys.decide" --size 80x24
		check "after a reader: the owner's desk opens READ-ONLY" rc_is 0
		check "... saying the -shm file belongs to the reader, and to remove both" \
			said "opened READ-ONLY: $area/ro/t.db-shm belongs to $user" \
			"until $area/ro/t.db-wal and $area/ro/t.db-shm are removed"
		run as_owner "$S" import returns "$area/data/returns.csv" --db "$area/ro/t.db"
		check "... an import is refused (exit 1), saying so" \
			eval 'rc_is 1 && said "belongs to $user" "nothing was changed"'
		check "... the file is unchanged" [ "$(sha256sum "$area/ro/t.db" | cut -d' ' -f1)" = "$sum" ]
		rm -f "$area/ro/t.db-wal" "$area/ro/t.db-shm"
		run as_owner "$S" import returns "$area/data/returns.csv" --db "$area/ro/t.db"
		check "with the two files removed, the owner writes again" rc_is 0
		userdel "$owner" 2>/dev/null && made_owner=
	else
		not_ok "useradd $owner"
	fi
fi

# A database file the person may not read at all, and one behind a folder
# the person may not enter: refused, saying so.
chmod 600 "$area/ro/t.db"
[ -n "$root" ] || chmod 000 "$area/ro/t.db"
urun "$S" export returns --db "$area/ro/t.db"
no_crash "unreadable file" &&
	check "a file the person may not read: refused (exit 1), saying so" \
		eval 'rc_is 1 && said "$area/ro/t.db: cannot read the database: you may not read the file"'
chmod 644 "$area/ro/t.db"
if [ -n "$root" ]; then
	chmod 700 "$area/ro"
	urun "$S" export returns --db "$area/ro/t.db"
	no_crash "folder not entered" &&
		check "a database behind a folder the person may not enter: refused (exit 1), saying so" \
			eval 'rc_is 1 && said "$area/ro/t.db: cannot reach the database: a folder on its path"'
	chmod 777 "$area/ro"
fi

# A database in a folder the person cannot write: SQLite needs its -shm
# file beside the database to read it: refused, saying so.
mkdir "$area/locked"
cp "$area/base.db" "$area/locked/t.db"
if [ -n "$root" ]; then
	chmod 666 "$area/locked/t.db"
	chmod 755 "$area/locked"
else
	chmod 555 "$area/locked"
fi
sum=$(sha256sum "$area/locked/t.db" | cut -d' ' -f1)
for c in "export returns" "report fgb" "check integrity" "backup $area/out/l.db" \
	"import returns $area/data/returns.csv" "--keys $area/keys.decide --size 80x24"; do
	# shellcheck disable=SC2086
	urun "$S" $c --db "$area/locked/t.db"
	no_crash "unwritable folder, $c" &&
		check "unwritable folder, $c: refused (exit 1)" rc_is 1
	check "... naming the -shm file and what to ask for" \
		said "$area/locked/t.db: " "$area/locked/t.db-shm" "write access to the folder"
done
check "unwritable folder: the file is unchanged, nothing beside it" \
	[ "$(sha256sum "$area/locked/t.db" | cut -d' ' -f1)" = "$sum" ] && [ "$(ls -A "$area/locked")" = t.db ]
[ -n "$root" ] || chmod 755 "$area/locked"

lap "read-only file, unwritable folder"

# ---- 3. cut short, damaged pages -------------------------------------------------------

size=$(stat -c %s "$area/base.db")
pg=$(sqlite3 -readonly "$area/base.db" 'PRAGMA page_size')
mkdir "$area/dmg"
chmod 777 "$area/dmg"
printf '1 2 3 4 a 5 6 7 8\n' > "$area/dmg/keys"
chmod 644 "$area/dmg/keys"

# commands run on each damaged file (the desk's views and a decision too)
damage_runs() {
	label=$1 db=$area/dmg/t.db
	n_bad=0
	sum=$(sha256sum "$db" | cut -d' ' -f1)
	for c in "check integrity" "export returns" "export audit" \
		"report qprb --quarter 2026/27-Q2" "backup $area/dmg/copy.db" \
		"import contracts $area/data/contracts.csv" \
		"--keys $area/dmg/keys --size 80x24 --dump $area/dmg/screen"; do
		rm -f "$area/dmg/copy.db"
		# shellcheck disable=SC2086
		urun "$S" $c --db "$db"
		no_crash "$label, $c" || { n_bad=$((n_bad + 1)); continue; }
		case $c in
		check*)
			if [ "$RC" != 3 ] || ! grep -q "^svdesk: integrity: " "$WORK/out"; then
				not_ok "$label: svdesk check integrity finds the damage (exit 3)" \
					"status $RC" "$(head -c 600 "$WORK/out")" "$(head -c 300 "$WORK/err")"
				n_bad=$((n_bad + 1))
			fi
			continue ;;
		esac
		if [ "$RC" = 0 ]; then
			# the desk carries on: a damaged page it met is named in the footer
			if grep '^status: ' "$WORK/err" | grep -q 'malformed' &&
				! grep '^status: ' "$WORK/err" | grep -q 'is damaged: run svdesk check'; then
				not_ok "$label, $c: the footer says the database is damaged" \
					"$(grep '^status: ' "$WORK/err" | head -5)"
				n_bad=$((n_bad + 1))
			fi
			case $c in
			backup*)
				if [ "$(sqlite3 -readonly "$area/dmg/copy.db" 'PRAGMA integrity_check' 2>&1)" != ok ]; then
					not_ok "$label: a backup that succeeds is whole"
					n_bad=$((n_bad + 1))
				fi ;;
			esac
			continue
		fi
		if [ "$RC" != 1 ] || ! grep -q "^svdesk: $db: \(the database is damaged: run svdesk check\|empty file\|not an svdesk database\)" "$WORK/err" &&
			! grep -q "^svdesk: $area/dmg/copy.db: no copy was made: .* $db is damaged" "$WORK/err"; then
			not_ok "$label, $c: exit 1, saying the database is damaged, where, what to do" \
				"status $RC" "$(head -c 600 "$WORK/err")"
			n_bad=$((n_bad + 1))
			continue
		fi
		case $c in
		backup*)
			if [ -n "$(ls -A "$area/dmg" | grep -v '^t\.db\(-wal\|-shm\)\?$\|^keys$\|^screen$')" ]; then
				not_ok "$label: a failed backup leaves no file" "$(ls -A "$area/dmg")"
				n_bad=$((n_bad + 1))
			fi ;;
		import*)
			if [ "$(sha256sum "$db" | cut -d' ' -f1)" != "$sum" ]; then
				not_ok "$label: a failed import changes nothing"
				n_bad=$((n_bad + 1))
			fi ;;
		esac
	done
	[ "$n_bad" = 0 ] && ok "$label: every command works or says the database is damaged (exit 1); check finds it (exit 3)"
}

# cut BYTES
for cut in 0 100 "$pg" $((pg * 3 + 1000)) $((size / 2)) $((size - 100)); do
	cp "$area/base.db" "$area/dmg/t.db"
	give "$area/dmg/t.db"
	truncate -s "$cut" "$area/dmg/t.db"
	if [ "$cut" = 0 ]; then
		# an empty file is no database yet (svdesk init makes one)
		urun "$S" check integrity --db "$area/dmg/t.db"
		no_crash "cut to 0 bytes" &&
			check "cut to 0 bytes: check says it is an empty file (exit 1)" \
				eval 'rc_is 1 && said "empty file"'
		continue
	fi
	damage_runs "cut to $cut of $size bytes"
done

lap "cut short"

# overwrite TABLE MODE: bytes of the first leaf page of TABLE (a table or
# an index): hdr, its page header; cells, its cell pointer array.
for target in $tables; do
	page=$(sqlite3 -readonly "$area/base.db" "SELECT min(pageno) FROM dbstat WHERE name = '$target' AND pagetype = 'leaf'")
	[ -n "$page" ] || page=$(sqlite3 -readonly "$area/base.db" "SELECT min(pageno) FROM dbstat WHERE name = '$target'")
	if [ -z "$page" ]; then
		not_ok "the database has a page of $target"
		continue
	fi
	for mode in hdr cells; do
		cp "$area/base.db" "$area/dmg/t.db"
		give "$area/dmg/t.db"
		case $mode in
		hdr) off=$(( (page - 1) * pg )) n=8 ;;
		cells) off=$(( (page - 1) * pg + 8 )) n=24 ;;
		esac
		head -c "$n" /dev/zero | tr '\000' '\377' |
			dd of="$area/dmg/t.db" bs=1 seek="$off" conv=notrunc status=none
		damage_runs "$target page $page, $mode overwritten"
	done
done

lap "damaged pages"
t_end=$(date +%s.%N)
echo "# disk.sh took $(awk -v a="$t_start" -v b="$t_end" 'BEGIN { printf "%.1f", b - a }') s" \
	"(tmpfs ${tmpfs_kb} KB, room ${room_kb} KB / ${out_room_kb} KB, ulimit -f $fsize," \
	"$ncontracts contracts imported)"
# CPU time (user and system, this script and its children): what the run
# costs on an idle machine, whatever the load of this one
times > "$area/times"
tail -1 "$area/times" | awk '{ printf "# CPU time of its commands: user %s, system %s\n", $1, $2 }'
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
done_testing

#!/bin/sh
# People and permissions: the person is the login of the effective user from
# the password database (never the environment), "uid:N" without an entry;
# a database the person cannot write opens READ-ONLY and stays untouched.
# As root (CI), these run as ordinary users that the test creates, or they
# could not fail.
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
# A folder every user can reach (the build tree may sit under /root).
area=$(mktemp -d /tmp/svdesk-people.XXXXXX)
# a user this test made is removed at the end (each test has its own: tests
# run in parallel)
made_user=
trap 'rm -rf "$area"; [ -z "$made_user" ] || userdel "$made_user" 2>/dev/null; t_cleanup' EXIT
chmod 755 "$area"
cp "$SVDESK" "$area/svdesk"
chmod 755 "$area/svdesk"
printf '# nothing: the first screen\n' > "$area/keys"
chmod 644 "$area/keys"

"$area/svdesk" demo --contracts 5 --db "$area/team.db" >/dev/null || exit 99
sqlite3 "$area/team.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null

if [ "$(id -u)" = 0 ]; then
	user=svdesk-clerk-p
	id "$user" >/dev/null 2>&1 || { useradd --no-create-home --shell /usr/sbin/nologin "$user" &&
		made_user=$user; } ||
		{ not_ok "useradd $user"; done_testing; }
	uid=$(id -u "$user")
	gid=$(id -g "$user")
	as_user() { setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"; }
	nobody_uid=54321
	unknown=1
	as_unknown() { setpriv --reuid="$nobody_uid" --regid="$nobody_uid" --clear-groups -- "$@"; }
else
	user=$(id -un)
	as_user() { "$@"; }
	unknown=
fi

# The database belongs to someone else and is read-only for the person; the
# folder is writable (SQLite's WAL index lives beside the database).
chmod 644 "$area/team.db"
mkdir "$area/home"
chmod 777 "$area" "$area/home"
before=$(sha256sum "$area/team.db" | cut -d' ' -f1)

HOME="$area/home" XDG_CONFIG_HOME="$area/home" XDG_DATA_HOME="$area/home" USER=someone-else LOGNAME=someone-else \
	run as_user "$area/svdesk" --db "$area/team.db" --keys "$area/keys" --size 100x24 --dump "$area/screen.txt"
check "a database the person cannot write opens" rc_is 0
check "the title bar says READ-ONLY" grep -q "READ-ONLY" "$area/screen.txt"
check "the title bar names the login from the password database" \
	sh -c "head -1 '$area/screen.txt' | grep -qF ' $user '"
check "... never \$USER or \$LOGNAME" sh -c "! grep -q someone-else '$area/screen.txt'"
check "the read-only database is untouched" [ "$(sha256sum "$area/team.db" | cut -d' ' -f1)" = "$before" ]

if [ -n "$unknown" ]; then
	HOME="$area/home" XDG_CONFIG_HOME="$area/home" XDG_DATA_HOME="$area/home" \
		run as_unknown "$area/svdesk" --db "$area/team.db" --keys "$area/keys" --size 100x24 --dump "$area/screen2.txt"
	check "a uid with no password entry can open the desk" rc_is 0
	check "... and is named uid:NNNN" sh -c "head -1 '$area/screen2.txt' | grep -qF ' uid:54321 '"
fi

# Optional configuration files the person cannot see are skipped; one that
# is there but unreadable is an error.  (Only when the person is not the
# owner of the files, that is when the tests run as root.)
if [ -n "${uid:-}" ]; then
	mkdir -p "$area/private/svdesk"
	printf '[print]\nwidth = 100\n' > "$area/private/svdesk/svdesk.ini"
	chmod 700 "$area/private"
	HOME="$area/home" XDG_CONFIG_HOME="$area/private" XDG_DATA_HOME="$area/home" \
		run as_user "$area/svdesk" --db "$area/team.db" --keys "$area/keys" --size 100x24
	check "a configuration behind a folder the person cannot search is skipped" rc_is 0
	chmod 755 "$area/private"
	chmod 600 "$area/private/svdesk/svdesk.ini"
	HOME="$area/home" XDG_CONFIG_HOME="$area/private" XDG_DATA_HOME="$area/home" \
		run as_user "$area/svdesk" --db "$area/team.db" --keys "$area/keys" --size 100x24
	check "a configuration file the person cannot read: exit 78" rc_is 78
	check "... naming it" err_has "$area/private/svdesk/svdesk.ini"
fi

# A person who cannot write the folder cannot be given a new database there.
mkdir "$area/locked"
chmod 755 "$area/locked"
if [ "$(id -u)" != 0 ] || [ -n "${uid:-}" ]; then
	HOME="$area/home" XDG_CONFIG_HOME="$area/home" XDG_DATA_HOME="$area/home" \
		run as_user "$area/svdesk" init --db "$area/locked/new.db"
	check "init in a folder the person cannot write fails (1)" rc_is 1
	check "... saying why" err_has "$area/locked/new.db"
	check "... and leaves nothing" [ -z "$(ls -A "$area/locked")" ]
fi

done_testing

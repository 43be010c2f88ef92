#!/bin/sh
# Configuration: bad files stop with FILE:LINE: [section] key: ... and exit 78
# before any database is opened; the search order; relative paths.
. "$top_srcdir/tests/lib.sh"

no_db_created() {
	[ ! -e "$XDG_DATA_HOME/svdesk/svdesk.db" ] && [ ! -e "$WORK/x.db" ]
}

# bad_config NAME CONTENT EXPECTED-MESSAGE
bad_config() {
	printf '%b' "$2" > "$WORK/bad.ini"
	run "$SVDESK" --config "$WORK/bad.ini" init
	check "$1: exit 78" rc_is 78
	check "$1: message" err_has "$3"
	check "$1: no database created" no_db_created
	rm -f "$WORK/bad.ini"
}

bad_config "unknown key" '[policy]\nthreshold = 100000\nthreshhold = 5\n' \
	"$WORK/bad.ini:3: [policy] threshhold: unknown key"
bad_config "unknown section" '[polcy]\nthreshold = 1\n' \
	"$WORK/bad.ini:1: [polcy]"
bad_config "duplicate key" '[print]\nwidth = 80\nwidth = 90\n' \
	"$WORK/bad.ini:3: [print] width:"
bad_config "trailing junk" '[print]\nwidth = 80abc\n' \
	"$WORK/bad.ini:2: [print] width:"
bad_config "out of range" '[print]\nwidth = 20\n' \
	"$WORK/bad.ini:2: [print] width:"
bad_config "malformed line" '[print]\nwidth 80\n' \
	"$WORK/bad.ini:2:"
bad_config "bad theme" '[ui]\ntheme = purple\n' \
	"$WORK/bad.ini:2: [ui] theme:"
bad_config "bad money" '[policy]\nthreshold = 1,00,000\n' \
	"$WORK/bad.ini:2: [policy] threshold:"
bad_config "amber above green" '[policy]\nrag_green = 50\nrag_amber = 75\n' \
	"[policy] rag_green:"
bad_config "unknown action" '[keys]\nfly = F\n' \
	"$WORK/bad.ini:2: [keys] fly:"
bad_config "bad key name" '[keys]\nquit = <Nope>\n' \
	"$WORK/bad.ini:2: [keys] quit:"
bad_config "key conflict" '[keys]\nquit = q\n' \
	"[keys] quit:"

run "$SVDESK" --config "$WORK/nonexistent.ini" init --db "$WORK/x.db"
check "--config FILE that does not exist: exit 78" rc_is 78
check "... names the file" err_has "$WORK/nonexistent.ini"
check "... and creates no database" no_db_created

SVDESK_CONFIG="$WORK/nonexistent.ini" run "$SVDESK" init --db "$WORK/x.db"
check "SVDESK_CONFIG naming a missing file: exit 78" rc_is 78

# The XDG file is read when present; --config wins over it.
mkdir -p "$XDG_CONFIG_HOME/svdesk"
printf '[print]\nwidth = 10\n' > "$XDG_CONFIG_HOME/svdesk/svdesk.ini"
run "$SVDESK" init --db "$WORK/x.db"
check "the XDG configuration is read" rc_is 78
check "... and named in the message" err_has "$XDG_CONFIG_HOME/svdesk/svdesk.ini:2: [print] width:"
printf '[print]\nwidth = 100\n' > "$WORK/good.ini"
run "$SVDESK" --config "$WORK/good.ini" init --db "$WORK/x.db"
check "--config wins over the XDG file" rc_is 0
rm -f "$WORK/x.db"
SVDESK_CONFIG="$WORK/good.ini" run "$SVDESK" init --db "$WORK/x.db"
check "SVDESK_CONFIG wins over the XDG file" rc_is 0
rm -f "$WORK/x.db" "$XDG_CONFIG_HOME/svdesk/svdesk.ini"

# [database] path relative to the configuration file's folder.
mkdir -p "$WORK/team/conf"
printf '[database]\npath = ../shared.db\n' > "$WORK/team/conf/svdesk.ini"
run "$SVDESK" --config "$WORK/team/conf/svdesk.ini" init
check "init with a configured path" rc_is 0
check "the relative path is relative to the configuration's folder" test -f "$WORK/team/shared.db"
check "the default database was not created" test ! -e "$XDG_DATA_HOME/svdesk/svdesk.db"

# A configured path that does not exist is an error, never a new database.
printf '[database]\npath = %s/missing/team.db\n' "$WORK" > "$WORK/missing.ini"
run "$SVDESK" --config "$WORK/missing.ini" backup "$WORK/copy.db"
check "a configured database that does not exist: exit 1" rc_is 1
check "... suggests svdesk init" err_has "svdesk init"
check "... and creates nothing" test ! -e "$WORK/missing/team.db"

# A configuration that can be read only once: standard input, a FIFO, a
# process substitution.  It is read once; iniparser gets the same bytes.
printf '[database]\npath = %s/once.db\n' "$WORK" > "$WORK/once.ini"
"$SVDESK" --config /dev/stdin init < "$WORK/once.ini" > "$WORK/out" 2> "$WORK/err"
RC=$?
check "--config /dev/stdin (a file) works" rc_is 0
check "... and its values are used" test -f "$WORK/once.db"
rm -f "$WORK/once.db"
cat "$WORK/once.ini" | "$SVDESK" --config /dev/stdin init > "$WORK/out" 2> "$WORK/err"
RC=$?
check "--config /dev/stdin (a pipe) works" rc_is 0
check "... and its values are used" test -f "$WORK/once.db"
printf '[print]\nwidth = 10\n' | "$SVDESK" --config /dev/stdin init > "$WORK/out" 2> "$WORK/err"
RC=$?
check "--config /dev/stdin: a bad value is reported (78)" rc_is 78
check "... with FILE:LINE" err_has "/dev/stdin:2: [print] width:"
rm -f "$WORK/once.db"
mkfifo "$WORK/cfg.fifo"
cat "$WORK/once.ini" > "$WORK/cfg.fifo" &
writer=$!
run timeout 20 "$SVDESK" --config "$WORK/cfg.fifo" init
wait "$writer"
check "--config FIFO works and does not hang" rc_is 0
check "... and its values are used" test -f "$WORK/once.db"
rm -f "$WORK/once.db"
if command -v bash >/dev/null 2>&1; then
	rm -f "$XDG_DATA_HOME/svdesk/svdesk.db"
	run timeout 20 bash -c '"$1" --config <(cat "$2") init' bash "$SVDESK" "$WORK/once.ini"
	check "--config <(cat f.ini) works" rc_is 0
	check "... and its values are used" test -f "$WORK/once.db"
fi
check "no temporary copy of the configuration is left" \
	[ -z "$(ls "${TMPDIR:-/tmp}" | grep '^svdesk-config-' || true)" ]

# The example configuration shipped with svdesk loads cleanly.
run "$SVDESK" --config "$top_srcdir/svdesk.ini.example" --help-keys
check "svdesk.ini.example is a valid configuration" rc_is 0

done_testing

#!/bin/sh
# The command line: help, version, keys, usage errors, option placement.
. "$top_srcdir/tests/lib.sh"

run "$SVDESK" --help
check "--help exits 0" rc_is 0
check "--help shows the usage" out_has "Usage: svdesk [OPTION]... [COMMAND [ARG]...]"
check "--help lists init" out_has "  init "
check "--help lists backup" out_has "  backup FILE"
check "--help lists --demo" out_has "--demo"
check "--help writes nothing on stderr" err_empty

# Every command of the dispatch table and every option the parser knows is
# in --help, in the man page and in the README.
cmds=$(grep -o '^	{ "[a-z]*", [0-9A-Z]' "$top_srcdir/src/cli.c" | sed 's/.*{ "//; s/".*//')
opts=$( (grep -o '{ "-[-a-z]*", offsetof' "$top_srcdir/src/cli.c"
	grep -o 'strcmp(a, "-[-a-zA-Z]*")' "$top_srcdir/src/cli.c") |
	sed 's/.*"\(-[-a-zA-Z]*\)".*/\1/' | grep -v '^--*$')
check "the command table and the options are found in src/cli.c" \
	[ "$(echo $cmds | wc -w)" -ge 7 -a "$(echo $opts | wc -w)" -ge 20 ]
for w in $cmds template $opts; do
	check "--help names $w" sh -c "grep -qE -- '(^| |\\[)$w( |,|\$)' '$WORK/out'"
	man=$(printf '%s' "$w" | sed 's/-/\\-/g')
	check "svdesk.1 names $w" grep -qF -- "$man" "$top_srcdir/doc/svdesk.1"
	check "README.md names $w" grep -qF -- "$w" "$top_srcdir/README.md"
done

SVDESK_CONFIG=/nonexistent/svdesk.ini run "$SVDESK" --help
check "--help reads no configuration" rc_is 0
SVDESK_CONFIG=/nonexistent/svdesk.ini run "$SVDESK" --version
check "--version reads no configuration" rc_is 0
check "--version names the program and version" out_has "svdesk 0.1.0"
check "--version names the schema version" out_has "database schema version"

run "$SVDESK" -h
check "-h is --help" out_has "Usage: svdesk"
run "$SVDESK" -V
check "-V is --version" out_has "svdesk 0.1.0"

run "$SVDESK" --help-keys
check "--help-keys exits 0" rc_is 0
check "--help-keys lists quit" out_has "quit"
check "--help-keys lists page-down" out_has "page-down"
check "--help-keys shows PgDn" out_has "PgDn"

mkdir -p "$XDG_CONFIG_HOME/svdesk"
printf '[keys]\nquit = X\n' > "$XDG_CONFIG_HOME/svdesk/svdesk.ini"
run "$SVDESK" --help-keys
check "--help-keys shows a rebound key" sh -c "grep -E '^ *quit +X ' '$WORK/out'"
rm -f "$XDG_CONFIG_HOME/svdesk/svdesk.ini"

run "$SVDESK" --bogus
check "an unknown option is a usage error (2)" rc_is 2
check "an unknown option is named" err_has "unknown option '--bogus'"
check "a usage error points to --help" err_has "Try 'svdesk --help'"

run "$SVDESK" frobnicate
check "an unknown command is a usage error (2)" rc_is 2
check "an unknown command is named" err_has "unknown command 'frobnicate'"

run "$SVDESK" --db
check "an option without its value is a usage error" rc_is 2
check "the option is named" err_has "'--db' needs a value"

run "$SVDESK" init extra
check "an extra argument is a usage error" rc_is 2

run "$SVDESK" --contracts 5 init
check "--contracts outside demo is a usage error" rc_is 2

run "$SVDESK" backup
check "backup without FILE is a usage error" rc_is 2
check "backup without FILE says what to do" err_has "svdesk backup FILE"

run "$SVDESK" init --db after.db
check "options after the command work" rc_is 0
check "... and name the database" test -f after.db
run "$SVDESK" --db=before.db init
check "--opt=value before the command works" test -f before.db

run "$SVDESK" --db after.db
check "the desk without a terminal is refused (2)" rc_is 2
check "... saying it needs a terminal" err_has "needs a terminal"

SVDESK_NOW=2026-13-01 run "$SVDESK" init --db now.db
check "a bad SVDESK_NOW is a usage error" rc_is 2
check "... naming the variable" err_has "SVDESK_NOW"

done_testing

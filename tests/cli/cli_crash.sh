#!/bin/sh
# Crash safety in brief (tests/hard/crash.sh is the long run, make
# check-hard): svdesk killed with SIGKILL at moments spread over an init, a
# demo and a backup.  After each kill the file is absent, empty or whole
# (never an empty SQLite database that svdesk would refuse as another
# program's, never a database without its demo data), nothing of svdesk's
# is left beside it, and the next command works.  And a new file whose
# first write a crash interrupted (SQLite's journal beside it) counts as
# empty.  CLI_CRASH_KILLS kills each (default 6).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
KIT=$top_builddir/tests/hard/crashkit
N=${CLI_CRASH_KILLS:-6}

# moments T: N kill times spread evenly over 0 .. 1.1 x T microseconds
moments() {
	awk -v t="$1" -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "%d\n", t * 1.1 * i / (n - 1) }'
}
took() {
	"$KIT" run -1 "$@" | awk '$1 == "exited" && $2 == 0 { print $3 }'
}

# after_kill FILE WHAT: the state a killed WHAT left FILE in: absent, empty
# (svdesk says so and suggests init) or whole (svdesk check passes); and
# only FILE in its folder once svdesk has looked at it
after_kill() {
	st=absent
	if [ -e "$1" ]; then
		"$SVDESK" check integrity audit --db "$1" > check.out 2>&1
		rc=$?
		if [ "$rc" = 0 ]; then
			st=whole
		elif [ "$rc" = 1 ] && grep -q 'empty file, not yet a database (create one with: svdesk init' \
			check.out; then
			st=empty
		else
			echo "bad: $2 killed: svdesk check exits $rc: $(head -1 check.out)"
			return
		fi
	fi
	left=$(ls -A "$(dirname "$1")" | grep -vx "$(basename "$1")" | tr '\n' ' ')
	[ -z "$left" ] || echo "bad: $2 killed: left beside it: $left"
	echo "$st"
}

# ---- init ------------------------------------------------------------------------
mkdir i
t=$(took "$SVDESK" init --db i/probe.db)
bad=
for m in $(moments "$t"); do
	rm -rf i/*
	"$KIT" run "$m" "$SVDESK" init --db i/new.db > /dev/null
	st=$(after_kill i/new.db init)
	case $st in
	bad*) bad="$bad $st" ;;
	*)
		"$SVDESK" init --db i/new.db > /dev/null 2>&1 &&
			"$SVDESK" check integrity audit --db i/new.db > /dev/null 2>&1 ||
			bad="$bad (after a kill leaving it $st, init and check fail)" ;;
	esac
done
check "init killed at $N moments: the file absent, empty or an svdesk database; init then works" \
	[ -z "$bad" ]

# ---- demo ------------------------------------------------------------------------
mkdir d
t=$(took "$SVDESK" demo --contracts 10 --db d/probe.db)
"$SVDESK" demo --contracts 10 --db whole.db > /dev/null
want=$(sql whole.db "SELECT count(*) FROM return_line")
bad=
k=0
for m in $(moments "$t"); do
	rm -rf d/*
	"$KIT" run "$m" "$SVDESK" demo --contracts 10 --db d/demo.db > /dev/null
	st=$(after_kill d/demo.db demo)
	case $st in
	bad*) bad="$bad $st" ;;
	whole)
		[ "$(sql d/demo.db "SELECT count(*) FROM return_line")" = "$want" ] ||
			bad="$bad (svdesk check passes on a demo without all its data)" ;;
	*)
		# the next demo: svdesk demo, or svdesk --demo
		k=$((k + 1))
		if [ $((k % 2)) = 0 ]; then
			"$SVDESK" demo --contracts 10 --db d/demo.db > /dev/null 2>&1 ||
				bad="$bad (svdesk demo fails after a kill leaving the file $st)"
		else
			"$SVDESK" --demo --db d/demo.db --keys /dev/null --size 80x24 --dump screen \
				> /dev/null 2>&1 && head -1 screen | grep -q DEMO ||
				bad="$bad (svdesk --demo fails after a kill leaving the file $st)"
		fi ;;
	esac
done
check "demo killed at $N moments: the file absent, empty or the whole demo; the demo then works" \
	[ -z "$bad" ]

# ---- backup ----------------------------------------------------------------------
mkdir b
t=$(took "$SVDESK" backup --db whole.db b/probe.db)
bad=
for m in $(moments "$t"); do
	rm -rf b/*
	"$KIT" run "$m" "$SVDESK" backup --db whole.db b/copy.db > /dev/null
	left=$(ls -A b | grep -vx copy.db | tr '\n' ' ')
	[ -z "$left" ] || bad="$bad (left: $left)"
	if [ -e b/copy.db ]; then
		[ "$(sqlite3 b/copy.db 'PRAGMA integrity_check')" = ok ] &&
			[ "$(sql b/copy.db "SELECT count(*) FROM return_line")" = "$want" ] ||
			bad="$bad (an incomplete copy)"
	fi
done
check "backup killed at $N moments: nothing beside the target but a whole copy" [ -z "$bad" ]

# ---- a first write interrupted -------------------------------------------------------
# The sqlite3 shell writes a new file in a transaction larger than its
# cache (so pages reach the file) and is killed before it commits: the
# file has pages and a journal that takes them back.
mkfifo sqlin
sqlite3 j.db < sqlin > /dev/null 2>&1 &
shell=$!
exec 3> sqlin
printf '%s\n' "PRAGMA cache_size = 2;" "BEGIN;" "CREATE TABLE t (x);" \
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)" \
	"INSERT INTO t SELECT randomblob(900) FROM n;" >&3
n=0
while [ ! -s j.db ] && [ "$n" -lt 250 ]; do
	sleep 0.02
	n=$((n + 1))
done
kill -9 "$shell"
wait "$shell" 2>/dev/null
exec 3>&-
check "(set-up: the killed write left pages and a journal)" sh -c 'test -s j.db && test -s j.db-journal'
cp j.db j2.db
cp j.db-journal j2.db-journal
run "$SVDESK" check --db j.db
check "a file whose first write was interrupted is an empty file to svdesk (1)" rc_is 1
check "... saying so and suggesting init" err_has "empty file, not yet a database (create one with: svdesk init"
check "... and SQLite's journal is gone" test ! -e j.db-journal
run "$SVDESK" --demo --db j2.db --keys /dev/null --size 80x24 --dump screen2
check "svdesk --demo makes the demo there" rc_is 0
check "... a whole demo" [ "$(sql j2.db 'SELECT count(*) FROM contract')" = 60 ]
check "... shown as DEMO" sh -c 'head -1 screen2 | grep -q DEMO'

done_testing

#!/bin/sh
# make check-valgrind: make check's TESTS with every run of svdesk, every
# unit test and the fuzz replay under valgrind memcheck.
#
# Run by the Makefile with MAKE, VALGRIND, VALGRIND_FLAGS, srcdir and
# builddir set (absolute).  The programs that are not svdesk (sqlite3, tmux,
# the tests' fixtures) run as they are.
#
# Some tests run svdesk as ordinary users they create, from a copy of
# $SVDESK in a folder of their own; the build tree may sit where those users
# cannot reach (/root).  So the binary and the logs live in a run folder
# under /tmp that every user can reach, and the wrapper that stands for
# svdesk names them by absolute path: a copy of it still finds them.
#
# A run with an error exits with VALGRIND_STATUS (which svdesk never uses:
# 0, 1, 2, 3 and 78 are its own), and the logs are scanned at the end: a
# test that ignores a status, or a desk in tmux, is caught all the same.
# Logs with errors are kept in $builddir/tests/valgrind/logs/.
set -u
: "${MAKE:?}" "${VALGRIND:?}" "${VALGRIND_FLAGS:?}" "${srcdir:?}" "${builddir:?}"
VALGRIND_STATUS=${VALGRIND_STATUS:-86}
# How much slower the tests' waits may be (tests/lib.sh's t_secs).
SV_TIME_SCALE=${SV_TIME_SCALE:-20}

vg=$(command -v "$VALGRIND") || {
	echo "check-valgrind: $VALGRIND is not installed (apt-get install valgrind)" >&2
	exit 1
}
run=$(mktemp -d "${TMPDIR:-/tmp}/svdesk-valgrind.XXXXXX") || exit 1
trap 'rm -rf "$run"' EXIT
trap 'exit 130' INT TERM HUP
chmod 755 "$run"
mkdir "$run/bin" "$run/logs" || exit 1
# every user that a test makes writes its logs here
chmod 1777 "$run/logs"
cp "$builddir/svdesk" "$run/bin/svdesk" && chmod 755 "$run/bin/svdesk" || exit 1

# run PROGRAM ARGS...: the program under memcheck, one log a process named
# after the test (the scratch folder a shell test runs in; a unit test's own
# name), the program and its pid.
cat > "$run/run" <<EOS
#!/bin/sh
case \$PWD in
*/tests/out/*) tag=\$(basename "\$PWD" | sed 's/\.[^.]*\$//') ;;
*) tag=\$(basename "\$1") ;;
esac
# glib allocates every object with malloc, so that a pango object svdesk
# loses is a block of its own (tests/valgrind/pdf.supp)
G_SLICE=always-malloc
export G_SLICE
exec '$vg' $VALGRIND_FLAGS --error-exitcode=$VALGRIND_STATUS \\
	--log-file='$run/logs/'"\$tag.\$(basename "\$1").%p.log" "\$@"
EOS
# svdesk: what the shell tests run as \$SVDESK
cat > "$run/svdesk" <<EOS
#!/bin/sh
exec '$run/run' '$run/bin/svdesk' "\$@"
EOS
chmod 755 "$run/run" "$run/svdesk"

rm -rf "$builddir/tests/valgrind/logs"
mkdir -p "$builddir/tests/valgrind/logs"
start=$(date +%s)
$MAKE check TEST_SUITE_LOG=valgrind-suite.log \
	LOG_COMPILER="$run/run" TESTS_SVDESK="$run/svdesk" TESTS_WRAP="$run/run" \
	SV_TIME_SCALE="$SV_TIME_SCALE"
suite=$?
end=$(date +%s)

# The scan: a log with errors says "ERROR SUMMARY: N" with N > 0; a process
# that was killed wrote no summary, so its log is searched for the errors'
# headings too.
runs=0
bad=0
for log in "$run"/logs/*.log; do
	[ -f "$log" ] || continue
	runs=$((runs + 1))
	if grep -q 'ERROR SUMMARY: [1-9]' "$log" ||
		grep -qE '== (Invalid (read|write|free)|Conditional jump|Use of uninitialised|Syscall param|Mismatched free|Source and destination overlap|[0-9,]+ (\([0-9,]+ direct, [0-9,]+ indirect\) )?bytes in [0-9,]+ blocks are (definitely|indirectly) lost)' "$log"; then
		bad=$((bad + 1))
		cp "$log" "$builddir/tests/valgrind/logs/"
	fi
done
# per test: how many processes ran under memcheck, how many had errors,
# how many ended without valgrind's summary (a child of svdesk that ran
# another program, such as the print command, or a process killed)
for log in "$run"/logs/*.log; do
	[ -f "$log" ] || continue
	t=$(basename "$log" | sed 's/\..*//')
	e=0
	[ -f "$builddir/tests/valgrind/logs/$(basename "$log")" ] && e=1
	u=0
	grep -q 'ERROR SUMMARY' "$log" || u=1
	echo "$t $e $u"
done | awk '{ n[$1]++; e[$1] += $2; u[$1] += $3 }
	END { for (t in n) printf "%-28s %5d runs %3d with errors %3d without a summary\n", t, n[t], e[t], u[t] }' |
	sort > "$builddir/tests/valgrind/summary.txt"
echo "check-valgrind: $runs processes under memcheck in $((end - start)) s, $bad with errors"
echo "check-valgrind: the runs of each test are counted in tests/valgrind/summary.txt"
if [ "$bad" -gt 0 ]; then
	echo "check-valgrind: the logs with errors are in tests/valgrind/logs/:"
	ls "$builddir/tests/valgrind/logs" | sed 's/^/  /'
fi
[ "$suite" = 0 ] || echo "check-valgrind: tests failed (valgrind-suite.log)"
[ "$suite" = 0 ] && [ "$bad" = 0 ]

# lib.sh: TAP helpers for the shell tests (sourced).
#
# Every test script runs in its own scratch folder under the build tree, with
# HOME and the XDG folders inside it, so that no test reads or writes the
# real configuration or data of the person running them.
set -u

: "${SVDESK:?run the tests with make check (SVDESK is not set)}"
: "${top_srcdir:?run the tests with make check (top_srcdir is not set)}"
: "${top_builddir:?run the tests with make check (top_builddir is not set)}"

T_NAME=$(basename "$0" .sh)
T_N=0
T_FAILED=0
mkdir -p "$top_builddir/tests/out"
WORK=$(mktemp -d "$top_builddir/tests/out/$T_NAME.XXXXXX")
trap 't_cleanup' EXIT
t_cleanup() {
	[ "${T_KEEP:-}" = 1 ] || rm -rf "$WORK"
}

export HOME="$WORK/home"
export XDG_CONFIG_HOME="$WORK/config"
export XDG_DATA_HOME="$WORK/data"
mkdir -p "$HOME"
unset SVDESK_DB SVDESK_CONFIG SVDESK_NOW NO_COLOR
cd "$WORK" || exit 99

ok() {
	T_N=$((T_N + 1))
	echo "ok $T_N - $1"
}

not_ok() {
	T_N=$((T_N + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - $1"
	shift
	for line in "$@"; do
		printf '#   %s\n' "$line"
	done
}

# run CMD...: runs it, stdout in $WORK/out, stderr in $WORK/err, status in $RC.
run() {
	"$@" >"$WORK/out" 2>"$WORK/err" </dev/null
	RC=$?
}

# check NAME CONDITION...: ok when the condition (a command) succeeds.
check() {
	name=$1
	shift
	if "$@"; then
		ok "$name"
	else
		not_ok "$name" "failed: $*" "status: ${RC:-}" \
			"stdout: $(head -c 600 "$WORK/out" 2>/dev/null)" \
			"stderr: $(head -c 600 "$WORK/err" 2>/dev/null)"
	fi
}

rc_is() { [ "$RC" = "$1" ]; }
out_has() { grep -qF -- "$1" "$WORK/out"; }
err_has() { grep -qF -- "$1" "$WORK/err"; }
err_empty() { [ ! -s "$WORK/err" ]; }
out_empty() { [ ! -s "$WORK/out" ]; }

# sql DB SQL: the sqlite3 shell, read-only.
sql() {
	sqlite3 -readonly -batch -noheader "$1" "$2"
}

file_mode() { stat -c %a "$1"; }

# Waits for a desk (a poll's limit, a desk's <Sleep:MS> pause that another
# desk acts in, the time a lock is held) are multiplied by SV_TIME_SCALE:
# make check-valgrind runs svdesk many times slower.  What a test asserts is
# the same at any scale.
T_SCALE=${SV_TIME_SCALE:-1}
case $T_SCALE in
''|*[!0-9]*|0) echo "SV_TIME_SCALE: \"$T_SCALE\" is not a whole number above 0" >&2; exit 99 ;;
esac
# t_n N: N times the scale (rounds of a poll, milliseconds, seconds)
t_n() { echo $(($1 * T_SCALE)); }

done_testing() {
	echo "1..$T_N"
	exit 0
}

# ---- golden screens -------------------------------------------------------------
# A script that compares screens sets $golden (its folder of golden files)
# and defines normalise() (what varies from run to run: the login, the
# clock ...).  UPDATE_GOLDEN=1 rewrites the golden files instead (review the
# diff before committing).

# golden_same NAME LABEL: NAME.txt against $golden/NAME.txt, one test
# named "NAME (LABEL)" that shows the difference when they differ.
golden_same() {
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$1.txt" "$golden/$1.txt"
	fi
	if cmp -s "$1.txt" "$golden/$1.txt"; then
		ok "$1 ($2)"
	else
		not_ok "$1 ($2)" "$(diff -u "$golden/$1.txt" "$1.txt" | head -40)"
	fi
}

# golden_compare NAME LABEL: a headless desk's dump NAME.raw, normalised
# into NAME.txt, against its golden file.
golden_compare() {
	normalise < "$1.raw" > "$1.txt"
	golden_same "$1" "$2"
}

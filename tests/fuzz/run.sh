#!/bin/sh
# run.sh: `make fuzz`.  Builds every fuzz target with clang and libFuzzer
# (AddressSanitizer, UndefinedBehaviorSanitizer, the leak check), then runs
# each for FUZZ_SECONDS on a scratch copy of its corpus (the tree's corpus
# is never written), one at a time and niced.  Prints one line a target:
#   -- fuzz TARGET: ok: RUNS runs in SECONDS s, cov COV ft FT
# or "FAILED" with the end of libFuzzer's output; a crashing input is kept
# as tests/fuzz/build/crashes/TARGET-crash-... in the build tree.  Exits 1
# when any target failed.
#
# Make passes: srcdir, builddir, FUZZ_CC, FUZZ_SECONDS, FUZZ_TARGETS,
# FUZZ_JOBS, FUZZ_CPPFLAGS, FUZZ_LIBS and FUZZ_SOURCES (the libraries'
# sources, headers among them).
set -u

: "${srcdir:?run by make fuzz}" "${builddir:?run by make fuzz}"
cc=${FUZZ_CC:-clang}
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
top=$(cd "$srcdir" && pwd)
out=$(cd "$builddir" && pwd)/tests/fuzz/build
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cflags="-g -O1 -std=c11 -Wall -Wextra $san"
mkdir -p "$out/obj" "$out/crashes" || exit 1

# ---- clang with libFuzzer ---------------------------------------------------
have_fuzzer() {
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\n%s\n' \
		'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
		>"$out/probe.c"
	"$cc" -fsanitize=fuzzer,address "$out/probe.c" -o "$out/probe" >/dev/null 2>&1
}
if ! have_fuzzer; then
	# Debian: clang, and libFuzzer in the compiler-rt package of its version
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "fuzz: installing clang and libFuzzer"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >/dev/null
		apt-get install -y -qq --no-install-recommends clang >/dev/null
		v=$("$cc" -dumpversion 2>/dev/null | cut -d. -f1)
		[ -n "$v" ] && apt-get install -y -qq --no-install-recommends "libclang-rt-$v-dev" >/dev/null 2>&1
	fi
	if ! have_fuzzer; then
		echo "fuzz: $cc cannot build a libFuzzer target: install clang and its compiler-rt" >&2
		echo "fuzz: (Debian 12: sudo apt-get install clang libclang-rt-14-dev)" >&2
		exit 1
	fi
fi

# ---- build --------------------------------------------------------------------
# An object is rebuilt when its source, a header or the flags are newer.
echo "$cc $cflags $FUZZ_CPPFLAGS" >"$out/flags.new"
if ! cmp -s "$out/flags.new" "$out/flags"; then
	rm -f "$out"/obj/*.o
	mv "$out/flags.new" "$out/flags"
fi
newest_h=$(ls -t "$top"/include/svdesk/*.h "$top"/src/*.h "$top"/ui/*.h "$top"/db/*.h \
	"$top"/tests/fuzz/*.h "$builddir/config.h" 2>/dev/null | head -n 1)

compile() {   # SOURCE OBJECT EXTRA-FLAGS
	if [ ! -f "$2" ] || [ "$1" -nt "$2" ] || [ "$newest_h" -nt "$2" ]; then
		echo "  FUZZCC   $1" | sed "s|$top/||"
		# shellcheck disable=SC2086
		"$cc" $cflags $3 $FUZZ_CPPFLAGS -c "$1" -o "$2" || return 1
	fi
	return 0
}

# the libraries: every .c of the four, db/migrations.c from the build tree
lib_objs=
n=0
pids=
failed_build=0
for s in $FUZZ_SOURCES db/migrations.c; do
	case $s in *.c) ;; *) continue ;; esac
	src=$top/$s
	[ -f "$src" ] || src=$builddir/$s
	obj=$out/obj/$(echo "$s" | tr '/' '_' | sed 's/\.c$/.o/')
	lib_objs="$lib_objs $obj"
	compile "$src" "$obj" "-fsanitize=fuzzer-no-link" &
	pids="$pids $!"
	n=$((n + 1))
	if [ "$n" -ge "$jobs" ]; then
		for p in $pids; do wait "$p" || failed_build=1; done
		pids=
		n=0
	fi
done
for p in $pids; do wait "$p" || failed_build=1; done
[ "$failed_build" = 0 ] || { echo "fuzz: the build failed" >&2; exit 1; }
# shellcheck disable=SC2086
rm -f "$out/libfuzzsv.a" && ar rcs "$out/libfuzzsv.a" $lib_objs || exit 1

compile "$top/tests/fuzz/fuzz_common.c" "$out/obj/fuzz_common.o" "-fsanitize=fuzzer-no-link" || exit 1
for t in $FUZZ_TARGETS; do
	case $t in
	import_*) src=$top/tests/fuzz/$t.c ;;
	*) src=$top/tests/fuzz/fuzz_$t.c ;;
	esac
	compile "$src" "$out/obj/target_$t.o" "-fsanitize=fuzzer-no-link -DSV_LIBFUZZER" || exit 1
	if [ ! -x "$out/fuzz_$t" ] || [ "$out/obj/target_$t.o" -nt "$out/fuzz_$t" ] ||
	   [ "$out/libfuzzsv.a" -nt "$out/fuzz_$t" ]; then
		echo "  FUZZLD   fuzz_$t"
		# shellcheck disable=SC2086
		"$cc" $cflags -fsanitize=fuzzer "$out/obj/target_$t.o" "$out/obj/fuzz_common.o" \
			"$out/libfuzzsv.a" $FUZZ_LIBS -o "$out/fuzz_$t" || exit 1
	fi
done

# ---- run ------------------------------------------------------------------------
status=0
for t in $FUZZ_TARGETS; do
	corpus=$out/corpus/$t
	rm -rf "$corpus"
	mkdir -p "$corpus"
	for d in "$top/tests/fuzz/corpus/$t" "$top/tests/fuzz/regress/$t"; do
		[ -d "$d" ] && cp "$d"/* "$corpus"/ 2>/dev/null
	done
	case $t in
	csv|import_*) dict=$top/tests/fuzz/csv.dict ;;
	desk) dict=$top/tests/fuzz/keys.dict ;;
	ini) dict=$top/tests/fuzz/ini.dict ;;
	*) dict= ;;
	esac
	log=$out/$t.log
	# the leak check skips only what fontconfig loses on its own, and glib
	# allocates objects with malloc so that a lost one is seen
	# (tests/valgrind/lsan.supp)
	G_SLICE=always-malloc \
	LSAN_OPTIONS=suppressions=$top/tests/valgrind/lsan.supp:print_suppressions=0 \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:quarantine_size_mb=32:max_malloc_fill_size=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		nice -n 19 "$out/fuzz_$t" -max_total_time="$seconds" -timeout=30 \
		-print_final_stats=1 ${FUZZ_ARGS:-} -artifact_prefix="$out/crashes/$t-" \
		${dict:+-dict="$dict"} "$corpus" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
	if [ "$rc" = 0 ]; then
		echo "-- fuzz $t: ok: ${runs:-?} runs in ${took:-$seconds} s, cov ${cov:-?} ft ${ft:-?}"
	else
		echo "-- fuzz $t: FAILED (exit $rc) after ${runs:-?} runs, cov ${cov:-?} ft ${ft:-?}"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' "$log" | head -n 10
		tail -n 40 "$log"
		status=1
	fi
done
exit "$status"

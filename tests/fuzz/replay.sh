#!/bin/sh
# The fuzz targets' corpus and regression inputs (tests/fuzz/corpus/TARGET/,
# tests/fuzz/regress/TARGET/), each run once through its target built
# without libFuzzer: every crash that fuzzing found stays covered here.
# TESTS_WRAP (make check-valgrind) is a command that runs it.
dirs=
for d in "$top_srcdir"/tests/fuzz/corpus/* "$top_srcdir"/tests/fuzz/regress/*; do
	[ -d "$d" ] && dirs="$dirs $d"
done
# shellcheck disable=SC2086
exec ${TESTS_WRAP:-} "$top_builddir/tests/fuzz/replay" $dirs

#!/bin/sh
# Bad CSV files: each file of tests/data/bad is rejected whole by
# `svdesk import KIND FILE` (exit 3), with the FILE:LINE:COLUMN and the words
# that tests/data/bad/EXPECT gives for it and no other fault, and the
# database is left as it was: the same `sqlite3 .dump` and the same bytes.
# `--dry-run` reports the same faults; "-" (standard input) is <stdin>.
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
bad="$top_srcdir/tests/data/bad"
good="$top_srcdir/tests/data/good"
table="$bad/EXPECT"

# The table without comments and blank lines.
grep -v '^#' "$table" | grep -v '^[[:space:]]*$' > expect

# ---- the corpus itself ---------------------------------------------------------

# Every file of the folder has expectations, and every file named exists.
missing=
for f in $(awk '{ print $1 }' expect | sort -u); do
	[ -f "$bad/$f" ] || [ -f "$bad/$f.in" ] || missing="$missing $f"
done
check "every file named in EXPECT exists" [ -z "$missing" ]
[ -z "$missing" ] || echo "# absent:$missing"

unlisted=
for p in "$bad"/*; do
	f=$(basename "$p")
	[ "$f" = EXPECT ] && continue
	f=${f%.in}
	awk -v f="$f" '$1 == f { found = 1 } END { exit !found }' expect ||
		unlisted="$unlisted $f"
done
check "every file of tests/data/bad is in EXPECT" [ -z "$unlisted" ]
[ -z "$unlisted" ] || echo "# not in EXPECT:$unlisted"

nfiles=$(awk '{ print $1 }' expect | sort -u | wc -l)
check "at least 40 bad files ($nfiles)" [ "$nfiles" -ge 40 ]

# Every line of the table has a known kind and a position.
malformed=$(awk '$2 !~ /^(measures|contracts|commitments|returns)$/ ||
	$3 !~ /^([0-9]+:[0-9]+|\+[0-9]+)$/ || NF < 4' expect)
check "every line of EXPECT is FILE KIND LINE:COLUMN WORDS" [ -z "$malformed" ]

# ---- the base database --------------------------------------------------------------

failed_before=$T_FAILED
run "$SVDESK" init --db base.db
check "base: init" rc_is 0
for kind in measures contracts commitments returns; do
	run "$SVDESK" import "$kind" "$good/$kind.csv" --db base.db
	check "base: import $kind" rc_is 0
done
# A returns file with decision columns: one line validated, one rejected.
run "$SVDESK" import returns "$good/decisions.csv" --db base.db
check "base: import returns with decisions" rc_is 0

n_expect() { [ "$(sql base.db "$1")" = "$2" ]; }
check "base: 2 contracts" n_expect 'SELECT count(*) FROM contract' 2
check "base: 7 commitments" n_expect 'SELECT count(*) FROM commitment' 7
check "base: 6 return lines" n_expect 'SELECT count(*) FROM return_line' 6
check "base: one line validated by A. Auditor" n_expect \
	"SELECT count(*) FROM return_line WHERE status = 'validated' AND validated_by = 'A. Auditor'" 1
check "base: one line rejected" n_expect \
	"SELECT count(*) FROM return_line WHERE status = 'rejected'" 1
check "base: the imported proxy set is current" n_expect \
	"SELECT name FROM proxy_set WHERE is_current = 1" "Corpus set 2025"
if [ "$T_FAILED" -gt "$failed_before" ]; then
	echo "Bail out! the base database could not be built"
	exit 1
fi
# One self-contained file to copy for each case (svdesk keeps it in WAL
# mode: the log is empty and gone once the last connection closes).
sqlite3 base.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
[ ! -s base.db-wal ] || { echo "Bail out! base.db-wal still holds pages"; exit 1; }

# ---- helpers ---------------------------------------------------------------------------

# expand SRC DST: a FILE.in with "@@FILL:N@@" made into N bytes "x".
expand() {
	while IFS= read -r l; do
		case $l in
		*@@FILL:*@@*)
			pre=${l%%@@FILL:*}
			rest=${l#*@@FILL:}
			n=${rest%%@@*}
			post=${rest#*@@}
			printf '%s' "$pre"
			head -c "$n" /dev/zero | tr '\0' x
			printf '%s\n' "$post"
			;;
		*) printf '%s\n' "$l" ;;
		esac
	done < "$1" > "$2"
}

# has_words MESSAGE WORDS...: every word (a|b: either; ~: a space) is in
# MESSAGE, case aside.
has_words() {
	msg=$1
	shift
	for w in "$@"; do
		hit=
		alts=$(printf '%s' "$w" | tr '|~' '\n ')
		while IFS= read -r a; do
			if printf '%s\n' "$msg" | grep -qiF -- "$a"; then
				hit=1
				break
			fi
		done <<EOF
$alts
EOF
		[ -n "$hit" ] || return 1
	done
	return 0
}

# positioned FILE: the number of "FILE:LINE:COLUMN: " lines on stderr.
positioned() {
	awk -v p="$1:" 'index($0, p) == 1 && substr($0, length(p) + 1) ~ /^[0-9]+:[0-9]+: / { n++ }
		END { print n + 0 }' "$WORK/err"
}

# faults FILE: those lines themselves.
faults() {
	awk -v p="$1:" 'index($0, p) == 1 && substr($0, length(p) + 1) ~ /^[0-9]+:[0-9]+: /' \
		"$WORK/err"
}

# find_message FILE AT WORDS...: a line "FILE:AT: message" holding WORDS.
find_message() {
	f=$1
	at=$2
	shift 2
	while IFS= read -r line; do
		case $line in
		"$f:$at: "*)
			has_words "${line#"$f:$at: "}" "$@" && return 0
			;;
		esac
	done < "$WORK/err"
	return 1
}

# find_other FILE WORDS...: a line that is not "FILE:LINE:COLUMN: ..." and
# holds WORDS.
find_other() {
	f=$1
	shift
	while IFS= read -r line; do
		case $line in
		"$f:"[0-9]*:[0-9]*": "*) ;;
		*) has_words "$line" "$@" && return 0 ;;
		esac
	done < "$WORK/err"
	return 1
}

show_err() {
	head -c 1500 "$WORK/err" | sed 's/^/#     /'
}

# ---- each bad file ------------------------------------------------------------------------

set -f  # the words of EXPECT are split, never globbed

for f in $(awk '!seen[$1]++ { print $1 }' expect); do
	kind=$(awk -v f="$f" '$1 == f { print $2; exit }' expect)
	if [ -f "$bad/$f" ]; then
		cp "$bad/$f" "$f"
	else
		expand "$bad/$f.in" "$f"
	fi
	rm -f case.db case.db-wal case.db-shm
	cp base.db case.db
	sqlite3 -readonly case.db .dump > before.sql
	db_sum=$(sha256sum < case.db)
	csv_sum=$(sha256sum < "$f")

	run "$SVDESK" import "$kind" "$f" --db case.db
	check "$f: rejected (exit 3)" rc_is 3

	limit=
	listed=0
	while read -r ef _kind at words; do
		[ "$ef" = "$f" ] || continue
		# shellcheck disable=SC2086 # split into words on purpose
		set -- $words
		case $at in
		+*)
			limit=${at#+}
			if find_other "$f" "$@"; then
				ok "$f: a line says how many more ($words)"
			else
				not_ok "$f: a line says how many more ($words)"
				show_err
			fi
			;;
		*)
			listed=$((listed + 1))
			if find_message "$f" "$at" "$@"; then
				ok "$f: $at $words"
			else
				not_ok "$f: $at $words" "no line \"$f:$at: ...\" with those words; stderr:"
				show_err
			fi
			;;
		esac
	done < expect

	n=$(positioned "$f")
	if [ -n "$limit" ]; then
		check "$f: exactly $limit faults reported" [ "$n" -eq "$limit" ]
	elif [ "$n" -eq "$listed" ]; then
		ok "$f: no other fault reported"
	else
		not_ok "$f: no other fault reported" "$n positioned messages, $listed expected; stderr:"
		show_err
	fi

	sqlite3 -readonly case.db .dump > after.sql
	if cmp -s before.sql after.sql; then
		ok "$f: .dump unchanged"
	else
		not_ok "$f: .dump unchanged"
		diff before.sql after.sql | head -20 | sed 's/^/#     /'
	fi
	check "$f: database file unchanged, byte for byte" \
		[ "$(sha256sum < case.db)" = "$db_sum" ]
	check "$f: the CSV file itself untouched" [ "$(sha256sum < "$f")" = "$csv_sum" ]

	# A dry run finds the same faults, and writes nothing either.
	faults "$f" > faults.real
	run "$SVDESK" import "$kind" "$f" --dry-run --db case.db
	faults "$f" > faults.dry
	if rc_is 3 && cmp -s faults.real faults.dry; then
		ok "$f: --dry-run reports the same faults (exit 3)"
	else
		not_ok "$f: --dry-run reports the same faults (exit 3)" "status $RC; the differences:"
		diff faults.real faults.dry | head -10 | sed 's/^/#     /'
	fi
	check "$f: --dry-run leaves the database file unchanged" \
		[ "$(sha256sum < case.db)" = "$db_sum" ]
	rm -f "$f"
done

# The same faults from standard input ("-"), which messages name <stdin>.
f=qty-sign.csv
at=$(awk -v f="$f" '$1 == f { print $3; exit }' expect)
rm -f case.db case.db-wal case.db-shm
cp base.db case.db
"$SVDESK" import returns - --db case.db < "$bad/$f" > "$WORK/out" 2> "$WORK/err"
# shellcheck disable=SC2034 # RC is read by rc_is
RC=$?
check "<stdin>: rejected (exit 3)" rc_is 3
check "<stdin>: the fault of $f at <stdin>:$at" err_has "<stdin>:$at: delivered"
check "<stdin>: database file unchanged" [ "$(sha256sum < case.db)" = "$(sha256sum < base.db)" ]

done_testing

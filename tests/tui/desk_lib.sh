# desk_lib.sh: what the tests of many desks on one database share (sourced by
# tests/tui/desk_users.sh and tests/tui/desk_load.sh, after tests/lib.sh).
#
# The desks run headless (svdesk --db F --keys SCRIPT --size 80x24 --dump
# OUT); every footer message is also on their stderr as "status: MSG", which
# is what these tests read to know what each desk says it did.

# desk_db DB DIR MEASURES GROUP...: an empty database DB with the return lines
# of tests/desk_data.sh (CSV files written into DIR), all awaiting validation.
desk_db() {
	db=$1 ddir=$2 dm=$3
	shift 3
	sh "$top_srcdir/tests/desk_data.sh" "$ddir" 2026 "$dm" "$@" || return 1
	"$SVDESK" init --db "$db" >/dev/null || return 1
	for f in measures contracts commitments returns; do
		"$SVDESK" import "$f" "$ddir/$f.csv" --db "$db" >/dev/null || return 1
	done
}

# spell TEXT: the text as key-script tokens, one character each (a space is
# <Space>, "<" is <lt>).
spell() {
	printf '%s' "$1" | awk '{
		n = length($0)
		for (i = 1; i <= n; i++) {
			c = substr($0, i, 1)
			printf "%s%s", (i > 1 ? " " : ""), (c == " " ? "<Space>" : c == "<" ? "<lt>" : c)
		}
	}'
}

# supplier_keys NAME: the keys that make the queue show the lines of the
# supplier NAME (f, the supplier filter of the pick list, the name typed at
# its prompt).
supplier_keys() {
	printf 'f %s <Enter> %s <Enter>' "$(spell supplier)" "$(spell "$1")"
}

# decide_keys KIND TEXT: the keys of one decision on the selected line:
# a (accept), x TEXT (reject with that reason), e TEXT (query: evidence
# needed).
decide_keys() {
	case $1 in
	a) printf 'a' ;;
	x | e) printf '%s %s <Enter>' "$1" "$(spell "$2")" ;;
	*) echo "decide_keys: unknown kind $1" >&2; return 1 ;;
	esac
}

# repeat N WORDS: WORDS N times, one a line.
repeat() {
	awk -v n="$1" -v w="$2" 'BEGIN { for (i = 0; i < n; i++) print w }'
}

# The line a desk's message is about, "Q2 XX-0001 DK01" (quarter, contract
# ref, measure code), from a status line of its stderr.
line_of() {
	sed -n 's/.*\(Q[1-4]\) \([A-Z][A-Z]-[0-9][0-9][0-9][0-9]\) \(DK[0-9][0-9]\).*/\1 \2 \3/p'
}

# recorded ERR: the lines the desk with stderr ERR reported as decided
# ("status: accepted Q1 SH-0001 DK01: 2", "status: rejected ..."), one
# "Q1 SH-0001 DK01" a line, sorted.
recorded() {
	grep -E '^status: (accepted|partial|rejected|query) Q[1-4] ' "$1" |
		grep -v ' by [^ ]* at ' | line_of | sort
}

# refused ERR: the status lines of ERR that refuse a stale decision ("not
# recorded: the line was decided by jsmith at 02/12/2026 10:04 (now
# validated)").
refused() {
	grep -E '^status: not recorded: the line was [a-z]+ by [^ ]+ at [0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}' "$1"
}

# db_decided DB WHERE: the lines decided at the desk, "Q1 SH-0001 DK01 WHO
# STATUS" a line (one per decision), sorted, for decisions matching WHERE
# (SQL over d: decision, r: return_line, c: contract, m: measure).
db_decided() {
	sql "$1" "SELECT 'Q' || r.quarter || ' ' || c.ref || ' ' || m.code || ' ' || d.decided_by
		|| ' ' || d.status
		FROM decision d JOIN return_line r ON r.id = d.return_line_id
		JOIN commitment cm ON cm.id = r.commitment_id JOIN contract c ON c.id = cm.contract_id
		JOIN measure m ON m.id = cm.measure_id
		WHERE d.origin = 'desk' AND ($2)" | sort
}

# no_locked FILE...: none of the files says "database is locked" (or SQLite's
# other words for it).
no_locked() {
	! grep -il 'database is locked\|database table is locked\|SQLITE_BUSY' "$@" >/dev/null
}

# wait_for FILE PATTERN [SECONDS]: until FILE has a line matching the grep
# pattern (polled every 20 ms), at most SECONDS (default 30, times the
# scale of tests/lib.sh); 1 on time-out.
wait_for() {
	wf_n=$(( ${3:-30} * 50 * T_SCALE ))
	while [ "$wf_n" -gt 0 ]; do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.02
		wf_n=$((wf_n - 1))
	done
	return 1
}

#!/bin/sh
# report: the text of each board report on the demo database at widths 80
# (66-line pages) and 132 (no pages) against golden files, with the lines
# that carry the clock, the person or the chain head masked; the CSV's
# basic shape and its agreement with the text; --print sends exactly the
# text to the command, and a failing command is reported with its status;
# -o replaces a file whole; the defaults; usage errors.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27T09:30:00
export TZ=Europe/London
golden="$top_srcdir/tests/cli/golden"
"$SVDESK" demo --db demo.db >/dev/null || exit 99
"$SVDESK" init --db empty.db >/dev/null || exit 99

BOM=$(printf '\357\273\277')
CR=$(printf '\r')
FF=$(printf '\f')

# conf FILE WIDTH PAGE_LENGTH COMMAND: a configuration with a [print] section.
conf() {
	printf '[print]\nwidth = %s\npage_length = %s\ncommand = %s\n' "$2" "$3" "$4" > "$1"
}
conf w80.ini 80 66 'cat > printed.txt'
conf w132.ini 132 0 'cat > printed.txt'

# mask: the "Generated:" line (the clock and the person) and the chain head
# (its hash changes with the time the demo was written; it may wrap).
mask() {
	sed -E 's/^Generated: .*/Generated:        (masked)/;
		/^Audit chain head:/s/[0-9]+:[0-9a-f]+$/N:HASH (masked)/;
		/^ {18}[0-9a-f]+$/s/[0-9a-f]+$/(masked)/'
}

# ---- golden text -----------------------------------------------------------------

for board in fgb qprb qrb; do
	for w in 80 132; do
		g="report_${board}_$w"
		run "$SVDESK" report "$board" --db demo.db --config "w$w.ini"
		check "$g: exit 0" rc_is 0
		check "$g: nothing on stderr" err_empty
		cp out "$g.raw"
		mask < out > "$g.txt"
		if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
			mkdir -p "$golden"
			cp "$g.txt" "$golden/$g.txt"
		fi
		if cmp -s "$g.txt" "$golden/$g.txt"; then
			ok "$g: the golden text"
		else
			not_ok "$g: the golden text" "$(diff -u "$golden/$g.txt" "$g.txt" | head -40)"
		fi
		check "$g: no line wider than $w columns" \
			[ "$(tr -d '\f' < "$g.raw" | wc -L)" -le "$w" ]
		check "$g: the chain head is printed whole" \
			sh -c "tr -d '\n ' < '$g.raw' | grep -qE 'Auditchainhead:[0-9]+:[0-9a-f]{64}'"
	done
	# 66 lines a page, Page N of M, form feeds between pages
	raw="report_${board}_80.raw"
	pages=$(grep -c '^ *Page [0-9]* of [0-9]*$' "$raw")
	check "$board at 80: a footer on every page" [ "$pages" -ge 2 ]
	check "$board at 80: Page N of M counts the pages" \
		grep -q "^ *Page $pages of $pages\$" "$raw"
	check "$board at 80: a form feed between two pages" \
		[ "$(tr -cd '\f' < "$raw" | wc -c)" -eq $((pages - 1)) ]
	check "$board at 80: 66 lines a page" \
		[ "$(wc -l < "$raw")" -eq $((pages * 66)) ]
	check "$board at 132: no pages" sh -c "! grep -q 'Page 1 of' report_${board}_132.raw"
	check "$board at 132: no form feed" sh -c "[ \$(tr -cd '\f' < report_${board}_132.raw | wc -c) -eq 0 ]"
done
check "the QRB says when no questionnaire answers are recorded" \
	grep -q "No questionnaire answers are recorded for OPCC contracts yet." report_qrb_80.raw
check "the QPRB shows RAG as a word" grep -qE ' (red|amber|green)$' report_qprb_132.raw
check "the FGB names its proxy set, illustrative" grep -q '(illustrative)' report_fgb_80.raw
check "the charts are in the text" grep -q '^committed  |=' report_fgb_80.raw

# ---- the defaults -----------------------------------------------------------------

"$SVDESK" report fgb --db demo.db --year 2026/27 --config w80.ini > fgb-year.txt
check "fgb defaults to the current financial year (2026/27)" cmp -s fgb-year.txt report_fgb_80.raw
"$SVDESK" report qprb --db demo.db --quarter 2026/27-Q2 --config w80.ini > qprb-q.txt
check "qprb defaults to the last quarter completed (2026/27 Q2)" cmp -s qprb-q.txt report_qprb_80.raw
run "$SVDESK" report fgb --db demo.db --year 2031/32 --config w132.ini
check "a year with nothing: exit 0" rc_is 0
check "... and its sections say none" out_has "none"

# ---- CSV ---------------------------------------------------------------------------

for board in fgb qprb qrb; do
	run "$SVDESK" report "$board" --db demo.db --format csv
	check "$board csv: exit 0" rc_is 0
	check "$board csv: the header" [ "$(head -n 1 out | tr -d "$CR")" = "section,key,metric,value" ]
	check "$board csv: no byte-order mark on standard output" sh -c "! head -c 3 '$WORK/out' | grep -q '$BOM'"
	cp out "$board.csv"
	# the chain head of the CSV is the one on paper
	n=$(grep '^audit,,entries,' "$board.csv" | cut -d, -f4 | tr -d "$CR")
	h=$(grep '^audit,,head,' "$board.csv" | cut -d, -f4 | tr -d "$CR")
	check "$board csv: the audit rows (entries)" [ -n "$n" ]
	check "$board csv: the audit rows (a head of 64 digits)" [ "${#h}" -eq 64 ]
	check "$board csv: the same chain head as the text" \
		sh -c "tr -d '\n ' < report_${board}_80.raw | grep -q 'Auditchainhead:$n:$h'"
	# the headline committed, in the text as £
	c=$(grep '^headline,,committed_gbp,' "$board.csv" | cut -d, -f4 | tr -d "$CR")
	money=$(printf '%s' "$c" | awk -F. '{ s = $1; o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print "£" s o "." $2 }')
	check "$board csv: the headline committed is the text's ($money)" \
		grep -q "^Committed (year) *$money\$" "report_${board}_80.raw"
done
check "the chain head is the database's (svdesk check)" \
	sh -c "'$SVDESK' check audit --db demo.db | grep -q \"audit head $n:$h\$\""
"$SVDESK" report fgb --db demo.db -o fgb-o.csv
check "-o x.csv writes CSV" [ "$(head -n 1 fgb-o.csv | sed "s/^$BOM//" | tr -d "$CR")" = "section,key,metric,value" ]
check "... with a byte-order mark in a file" [ "$(head -c 3 fgb-o.csv)" = "$BOM" ]
check "... the same rows as on standard output" sh -c "tail -c +4 fgb-o.csv | cmp -s - fgb.csv"
"$SVDESK" report fgb --db demo.db -o fgb-o.CSV --format text --config w80.ini
check "--format text wins over the name" cmp -s fgb-o.CSV report_fgb_80.raw

# ---- -o replaces a file whole --------------------------------------------------------

head -c 500000 /dev/zero | tr '\0' 'x' > old.txt
run "$SVDESK" report qrb --db demo.db -o old.txt --config w80.ini
check "-o FILE: exit 0" rc_is 0
check "-o FILE: the text, and nothing of the old file" cmp -s old.txt report_qrb_80.raw
run "$SVDESK" report qrb --db demo.db -o demo.db
check "-o the database itself is refused" rc_is 2
check "... and the database is intact" sh -c "[ \"\$(sqlite3 demo.db 'PRAGMA integrity_check')\" = ok ]"

# ---- --print ---------------------------------------------------------------------------

for w in 80 132; do
	rm -f printed.txt
	run "$SVDESK" report fgb --db demo.db --print --config "w$w.ini"
	check "--print at $w: exit 0" rc_is 0
	check "--print at $w: the command got exactly the text" cmp -s printed.txt "report_fgb_$w.raw"
	check "--print at $w: nothing on stdout" out_empty
	check "--print at $w: says how many pages went where" err_has "svdesk: printed "
done
check "--print: the pages counted" err_has "printed 1 page to cat > printed.txt"

fails() { # fails NAME COMMAND WANT...: --print with COMMAND exits 1, stderr has each WANT
	what=$1 cmd=$2
	shift 2
	conf fail.ini 80 66 "$cmd"
	run "$SVDESK" report qprb --db demo.db --print --config fail.ini
	check "--print, $what: exit 1" rc_is 1
	for want in "$@"; do
		check "--print, $what: says '$want'" err_has "$want"
	done
}
fails "false" "false" "'false'" "exit status 1"
# (a value with ';' is quoted in the configuration: ';' begins a comment)
fails "exit 3" "\"cat >/dev/null; echo 'printer on fire' >&2; exit 3\"" "exit status 3" \
	": printer on fire"
fails "a missing program" "no-such-lpr-xyz" "no-such-lpr-xyz" "could not start (exit status 127)"
fails "a signal" "kill -9 \$\$" "killed by signal 9"

# ---- usage errors -------------------------------------------------------------------------

usage() { # usage NAME WANT ARGS...: exit 2 and WANT on stderr
	what=$1 want=$2
	shift 2
	run "$SVDESK" "$@"
	check "$what: exit 2" rc_is 2
	check "$what: says '$want'" err_has "$want"
}
usage "no board" "report: name the board" report --db demo.db
usage "an unknown board" "unknown board 'xyz'" report xyz --db demo.db
usage "qprb with --year" "takes --quarter Q" report qprb --year 2025/26 --db demo.db
usage "qrb with --year" "not --year" report qrb --year 2025/26 --db demo.db
usage "fgb with --quarter" "takes --year Y" report fgb --quarter 2025/26-Q2 --db demo.db
usage "a bad year" "--year:" report fgb --year 2025 --db demo.db
usage "a bad quarter" "--quarter:" report qprb --quarter 2025/26-Q5 --db demo.db
usage "a bad format" "not a format" report fgb --format xls --db demo.db
usage "--print with -o" "does not go with -o" report fgb --print -o x.txt --db demo.db
usage "--print with csv" "does not go with --format csv" report fgb --print --format csv --db demo.db
usage "--print elsewhere" "--print goes with report" export contracts --print --db demo.db
usage "two boards" "unexpected argument" report fgb qrb --db demo.db
check "a usage error writes nothing" sh -c "[ ! -e x.txt ]"

# an empty database: a report of nothing, every section saying so
run "$SVDESK" report qrb --db empty.db --config w80.ini
check "an empty database: exit 0" rc_is 0
check "... no contracts" out_has "none"

done_testing

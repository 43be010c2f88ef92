#!/bin/sh
# report --format pdf: each board's report (FGB, QPRB, QRB) of the demo
# database and of the known dataset (tests/data/report, as cli_report_data.sh)
# written as a PDF and read back with poppler's tools:
# - pdftotext -layout: every figure of the CSV report of the same period in
#   the sections that the report shows is on the page, money as
#   £1,234,567.89 and quantities as the report writes them (1,234.5), every
#   count, every contract ref, measure code, body and theme, and the audit
#   chain head;
# - pdfinfo: as many pages as "Page N of M" footers, numbered 1 to M, every
#   page A4 (portrait, or landscape for a wide table), the title, the author
#   (the person) and the subject (the board and the period);
# - pdffonts: every font embedded, as a subset.
# Then what goes with what: -o x.pdf (any case) means PDF, --format text
# wins over the name, -o - down a pipe, an existing file replaced whole; a
# PDF refused on a terminal, with --print or without -o (usage errors, 2);
# a folder the person cannot write (exit 1, saying why, nothing left).
# A build without PDF output: --format pdf says which packages to install.
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27T09:30:00
export TZ=Europe/London
DATA="$top_srcdir/tests/data/report"
PTYKEYS="$top_builddir/tests/pty/ptykeys"
CR=$(printf '\r')
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

"$SVDESK" init --db data.db >/dev/null || exit 99
for kind in measures contracts commitments returns; do
	"$SVDESK" import "$kind" "$DATA/$kind.csv" --db data.db >/dev/null || exit 99
done

# ---- a build without PDF output ----------------------------------------------

if "$SVDESK" --version | grep -qx 'PDF board pack: no'; then
	for args in "--format pdf -o x.pdf" "-o x.pdf" "-o x.PDF"; do
		# shellcheck disable=SC2086
		run "$SVDESK" report fgb --db data.db $args
		check "no PDF in this build: report fgb $args: exit 1" rc_is 1
		check "... names the packages to install" \
			sh -c "grep -qF libcairo2-dev '$WORK/err' && grep -qF libpango1.0-dev '$WORK/err'"
		check "... and writes nothing" sh -c "[ ! -e x.pdf ] && [ ! -e x.PDF ]"
	done
	run "$SVDESK" report fgb --db data.db --format pdf --print
	check "no PDF in this build: --format pdf with --print is still a usage error (2)" rc_is 2
	echo "# this svdesk has no PDF output: only its message is tested"
	done_testing
fi
check "--version says the PDF board pack is there" \
	sh -c "'$SVDESK' --version | grep -qx 'PDF board pack: yes'"
for tool in pdftotext pdfinfo pdffonts; do
	command -v $tool >/dev/null 2>&1 || { echo "1..0 # SKIP $tool (poppler-utils) is not installed"; exit 77; }
done

"$SVDESK" demo --db demo.db >/dev/null || exit 99

# ---- what the page must show ----------------------------------------------------

# figures CSV BOARD: what the PDF of that CSV's report must show, the
# sections that the report shows (as on paper: the FGB's contracts are its
# top ten by validated £SV; the quarterly boards show contracts, not
# outcomes or measures; the QRB's OPCC local measures their quantities and
# validated £SV YTD), one a line: "F" and a text found anywhere (money
# as £1,234.56, themes), "Q" and a figure standing alone between spaces (a
# quantity as 1,234.5, a count), "W" and a word (refs, codes, bodies) or
# "H" and the chain head N:HASH.  The CSV is parsed in full (quoted fields
# with commas and doubled quotes; the formula guard's quote taken off).
figures() {
	awk -v board="$2" '
	function parse(line,   i, c, f, q, n) {
		n = 0; f = ""; q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q) {
				if (c == "\"") {
					if (substr(line, i + 1, 1) == "\"") { f = f "\""; i++ } else q = 0
				} else f = f c
			} else if (c == "\"") q = 1
			else if (c == ",") { F[++n] = f; f = "" }
			else f = f c
		}
		F[++n] = f
		return n
	}
	# 1234567.89 -> 1,234,567.89
	function grouped(v,   sign, w, d, o) {
		sign = ""
		if (substr(v, 1, 1) == "-") { sign = "-"; v = substr(v, 2) }
		w = v; d = ""
		if (index(v, ".") > 0) { w = substr(v, 1, index(v, ".") - 1); d = substr(v, index(v, ".")) }
		o = ""
		while (length(w) > 3) { o = "," substr(w, length(w) - 2) o; w = substr(w, 1, length(w) - 3) }
		return sign w o d
	}
	# a quantity as the report shows it: 1,234.50 -> 1,234.5, 7.00 -> 7
	function short(v) {
		if (index(v, ".") > 0) { sub(/0+$/, "", v); sub(/\.$/, "", v) }
		return v
	}
	NR > 1 && parse($0) >= 4 {
		s = F[1]; k = F[2]; m = F[3]; v = F[4]
		if (k ~ /^'"'"'[-=+@'"'"'\t\r]/) k = substr(k, 2)
		if (s == "audit") {
			if (m == "entries") entries = v
			else if (m == "head") head = v
			next
		}
		if (s == "answer" || (board != "fgb" && (s == "measure" || s == "outcome")))
			next
		if (s == "contract" && board == "fgb") {
			if (m == "validated_gbp") { nc++; cref[nc] = k; cval[nc] = v + 0; ctext[nc] = v }
			next
		}
		if (s == "opcc_local" && m ~ /_gbp$/ && m != "validated_ytd_gbp")
			next
		if (m ~ /_gbp$/) print "F£" grouped(v)
		else if (m ~ /_qty$/) print "Q" short(grouped(v))
		else if (m == "contracts" || m == "lines") print "Q" v
		if (k != "" && (s == "contract" || s == "missing_return" || s == "policy_exception" ||
		    s == "measure" || s == "opcc_local" || s == "body")) print "W" k
		else if (k != "" && s == "theme") print "F" k
	}
	END {
		if (head != "") print "H" entries ":" head
		# the FGB top ten: the ten largest validated figures; the refs
		# of those strictly above the eleventh (a tie may go either way)
		for (i = 1; i <= 11 && i <= nc; i++) {
			best = 0
			for (j = 1; j <= nc; j++)
				if (!(j in taken) && (best == 0 || cval[j] > cval[best])) best = j
			taken[best] = 1
			rank[i] = best
		}
		eleventh = nc >= 11 ? cval[rank[11]] : -1
		for (i = 1; i <= 10 && i <= nc; i++) {
			j = rank[i]
			if (cval[j] <= 0) continue
			print "F£" grouped(ctext[j])
			if (cval[j] > eleventh) print "W" cref[j]
		}
	}' "$1" | sort -u
}

# on_page NAME BOARD LABEL: every figure of NAME.csv is in NAME.txt (the
# PDF as text); one test, naming what is missing.
on_page() {
	tr -d ' \n\f' < "$1.txt" > "$1.flat"
	figures "$1.csv" "$2" > "$1.want"
	: > "$1.missing"
	while IFS= read -r f; do
		case $f in
		F*) grep -qF -- "${f#F}" "$1.txt" ;;
		W*) grep -qwF -- "${f#W}" "$1.txt" ;;
		Q*) grep -qE -- "(^|[[:space:]])$(printf '%s' "${f#Q}" | sed 's/\./\\./g')([[:space:]]|\$)" "$1.txt" ;;
		H*) grep -qF -- "${f#H}" "$1.flat" ;;   # the chain head may wrap
		esac || echo "$f" >> "$1.missing"
	done < "$1.want"
	if [ -s "$1.want" ] && [ ! -s "$1.missing" ]; then
		ok "$1: $3 ($(wc -l < "$1.want") figures and names)"
	else
		not_ok "$1: $3" "missing of $(wc -l < "$1.want"): $(head -40 "$1.missing" | tr '\n' ' ')"
	fi
}

board_title() {
	case $1 in
	fgb) echo "Finance Governance Board" ;;
	qprb) echo "WMP Quarterly Performance Review Board" ;;
	qrb) echo "OPCC Quarterly Resourcing Board" ;;
	esac
}

# pdf_report NAME DB BOARD FY [Q]: the report of the financial year FY
# (2026/27) or its quarter Q (2), as CSV and as a PDF, and the checks.
pdf_report() {
	rn=$1 db=$2 board=$3 fy=$4 q=${5:-}
	if [ -n "$q" ]; then
		set -- --quarter "$fy-Q$q"
		period="$fy Q$q"
	else
		set -- --year "$fy"
		period=$fy
	fi
	run "$SVDESK" report "$board" "$@" --db "$db" --format csv
	[ "$RC" = 0 ] || { not_ok "$rn: the CSV report" "$(cat "$WORK/err")"; return; }
	tr -d "$CR" < out > "$rn.csv"
	run "$SVDESK" report "$board" "$@" --db "$db" -o "$rn.pdf"
	check "$rn: -o $rn.pdf: exit 0" rc_is 0
	check "$rn: nothing on stdout or stderr" sh -c "[ ! -s '$WORK/out' ] && [ ! -s '$WORK/err' ]"
	check "$rn: the file is a PDF" sh -c "head -c 5 '$rn.pdf' | grep -q '^%PDF-'"
	pdftotext -layout "$rn.pdf" "$rn.txt" 2>"$rn.poppler" ||
		{ not_ok "$rn: pdftotext reads it" "$(head -5 "$rn.poppler")"; return; }
	on_page "$rn" "$board" "every figure of the CSV is on the page"

	# pages: the count, the footers, the size
	pdfinfo "$rn.pdf" > "$rn.info" 2>"$rn.poppler"
	check "$rn: pdfinfo reads it" [ -s "$rn.info" ]
	pages=$(sed -n 's/^Pages: *//p' "$rn.info")
	grep -o 'Page [0-9]* of [0-9]*' "$rn.txt" > "$rn.footers"
	check "$rn: $pages pages, a \"Page N of M\" footer on each" \
		[ "$(wc -l < "$rn.footers")" = "$pages" ]
	seq -f "Page %g of $pages" 1 "$pages" > "$rn.want-footers"
	check "$rn: the footers number the pages 1 to $pages" cmp -s "$rn.footers" "$rn.want-footers"
	pdfinfo -f 1 -l "$pages" "$rn.pdf" | sed -n 's/^Page *[0-9]* size: *//p' > "$rn.sizes"
	check "$rn: a size for every page" [ "$(wc -l < "$rn.sizes")" = "$pages" ]
	check "$rn: every page A4, portrait or landscape" \
		sh -c "! grep -vxE '(595\.276 x 841\.89|841\.89 x 595\.276) pts \(A4\)' '$rn.sizes'"
	check "$rn: the first page A4 portrait" \
		[ "$(head -1 "$rn.sizes")" = "595.276 x 841.89 pts (A4)" ]

	# the document's properties
	title=$(board_title "$board")
	check "$rn: the title names the board and the period" \
		grep -qE "^Title: +$title $period" "$rn.info"
	check "$rn: the author is the person ($me)" grep -qx "Author: *$me" "$rn.info"
	check "$rn: the subject names the board and the period" \
		sh -c "grep '^Subject:' '$rn.info' | grep -F '$title' | grep -qF '$period'"

	# the fonts: embedded subsets
	pdffonts "$rn.pdf" > "$rn.fonts" 2>"$rn.poppler"
	awk 'NR > 2' "$rn.fonts" > "$rn.fontrows"
	check "$rn: pdffonts lists the fonts" [ -s "$rn.fontrows" ]
	check "$rn: every font embedded (emb yes)" \
		sh -c "awk '\$(NF - 4) != \"yes\" { bad = 1 } END { exit bad }' '$rn.fontrows'"
	check "$rn: every font a subset (sub yes, a subset's name)" \
		sh -c "awk '\$(NF - 3) != \"yes\" || \$1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\\+/ { bad = 1 }
			END { exit bad }' '$rn.fontrows'"
}

# ---- every board, the demo and the known dataset -----------------------------------

pdf_report demo-fgb demo.db fgb 2026/27
pdf_report demo-qprb demo.db qprb 2026/27 2
pdf_report demo-qrb demo.db qrb 2026/27 2
pdf_report data-fgb data.db fgb 2025/26
pdf_report data-qprb data.db qprb 2025/26 2
pdf_report data-qrb data.db qrb 2025/26 2
# Q4 (January to March) and a year with nothing in it
pdf_report data-qprb-q4 data.db qprb 2025/26 4
pdf_report data-fgb-empty data.db fgb 2030/31

check "the demo FGB has more than one page" [ "$(sed -n 's/^Pages: *//p' demo-fgb.info)" -gt 1 ]
sed -n '1,/Page 1 of/p' demo-fgb.txt > page1.txt
validated=$(grep '^headline,,validated_gbp,' demo-fgb.csv | cut -d, -f4 |
	awk -F. '{ s = $1; o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o;
		s = substr(s, 1, length(s) - 3) } print "£" s o "." $2 }')
check "the FGB's headline is on the first page (validated $validated)" grep -qF "$validated" page1.txt
check "the proxy set is marked (illustrative) on the title page" \
	grep -qE 'Illustrative values 2025.*\(illustrative\)' page1.txt
check "the title page says who generated it" \
	sh -c "sed -n '1,/^Headline/p' page1.txt | grep -qE '^Generated.* $me\$'"

# ---- the name, the format, the way out ---------------------------------------------

run "$SVDESK" report fgb --db demo.db -o upper.PDF
check "-o x.PDF (any case) writes a PDF" sh -c "head -c 5 upper.PDF | grep -q '^%PDF-'"
run "$SVDESK" report fgb --db demo.db --format pdf -o named.txt
check "--format pdf wins over a .txt name" sh -c "head -c 5 named.txt | grep -q '^%PDF-'"
"$SVDESK" report fgb --db demo.db > fgb.txt
run "$SVDESK" report fgb --db demo.db --format text -o text.pdf
check "--format text wins over a .pdf name" cmp -s text.pdf fgb.txt
"$SVDESK" report qrb --db demo.db --format pdf -o - < /dev/null | cat > piped.pdf
check "-o - down a pipe: a PDF on standard output" sh -c "pdfinfo piped.pdf >/dev/null 2>&1"
check "... the same pages as the file" \
	[ "$(pdfinfo piped.pdf | grep '^Pages:')" = "$(grep '^Pages:' demo-qrb.info)" ]
head -c 300000 /dev/zero | tr '\0' 'x' > old.pdf
run "$SVDESK" report qrb --db demo.db -o old.pdf
check "an existing file: exit 0" rc_is 0
check "... replaced whole: a PDF, nothing of the old file" \
	sh -c "pdfinfo old.pdf >/dev/null 2>&1 && ! grep -q xxxxxxxxxx old.pdf"
check "... the same as a new file" cmp -s old.pdf demo-qrb.pdf
check "the same report twice is the same file" \
	sh -c "'$SVDESK' report qrb --db demo.db -o again.pdf && cmp -s again.pdf demo-qrb.pdf"

# A write that fails midway: the file size limit (ulimit -f, in 512-byte
# blocks; the database's -shm file needs 64), below the PDF's size.
mkdir dest
check "(the demo FGB's PDF is larger than the limit below)" [ "$(wc -c < demo-fgb.pdf)" -gt 40960 ]
run sh -c 'ulimit -f "$0" && exec "$@"' 80 "$SVDESK" report fgb --db demo.db -o dest/fgb.pdf
check "a PDF past the file size limit: exit 1, not SIGXFSZ" rc_is 1
check "... names the file and the limit" \
	err_has "dest/fgb.pdf: cannot write: the file would grow past the file size limit of this process (ulimit -f)"
check "... and leaves no file, whole or part" [ -z "$(ls -A dest)" ]
echo precious > dest/fgb.pdf
run sh -c 'ulimit -f "$0" && exec "$@"' 80 "$SVDESK" report fgb --db demo.db -o dest/fgb.pdf
check "... an existing file stays as it was" sh -c "[ $RC = 1 ] && echo precious | cmp -s - dest/fgb.pdf"
check "... with nothing beside it" [ "$(ls -A dest)" = fgb.pdf ]

# ---- usage errors: 2, and nothing written ---------------------------------------

usage() { # usage NAME WANT ARGS...: exit 2, WANT on stderr, nothing on stdout
	what=$1 want=$2
	shift 2
	run "$SVDESK" "$@"
	check "$what: exit 2" rc_is 2
	check "$what: says '$want'" err_has "$want"
	check "$what: nothing on stdout" out_empty
}
usage "--format pdf with --print" "does not go with --format pdf" \
	report fgb --format pdf --print --db demo.db
usage "-o x.pdf with --print" "does not go with -o" report fgb -o p.pdf --print --db demo.db
usage "--format pdf without -o" "--format pdf writes a file: give -o FILE.pdf" \
	report qprb --format pdf --db demo.db
usage "an unknown format" "'xls' is not a format (text, csv or pdf)" \
	report fgb --format xls -o x.xls --db demo.db
usage "--year with a quarterly board, as PDF" "takes --quarter Q" \
	report qrb --year 2025/26 -o y.pdf --db demo.db
check "a usage error writes nothing" sh -c "[ ! -e p.pdf ] && [ ! -e x.xls ] && [ ! -e y.pdf ]"

# A terminal: a PDF is refused on it (a pseudo-terminal, as from a shell).
for args in "-o -" "-o /dev/tty" ""; do
	{
		echo "wait a PDF is not for the terminal :: --format pdf ${args:-without -o} on a terminal: says so"
		echo "exit 2 :: --format pdf ${args:-without -o} on a terminal: a usage error (2)"
	} > steps
	[ -n "$args" ] || sed -i 's/a PDF is not for the terminal/--format pdf writes a file/' steps
	# shellcheck disable=SC2086
	"$PTYKEYS" -t xterm-256color -s 10x300 -f steps -- \
		"$SVDESK" report fgb --db "$WORK/demo.db" --format pdf $args > out 2> err
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ok "${line#ok }" ;;
		"not ok "*) not_ok "${line#not ok }" "$(head -12 err)" ;;
		esac
	done < out
done

# ---- a folder the person cannot write (as root, CI: a user the test makes) -----------

area=$(mktemp -d /tmp/svdesk-pdf.XXXXXX)
made_user=
trap 'rm -rf "$area"; [ -z "$made_user" ] || userdel "$made_user" 2>/dev/null; t_cleanup' EXIT
cp "$SVDESK" "$area/svdesk"
cp demo.db "$area/ro.db"
sqlite3 "$area/ro.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
chmod 644 "$area/ro.db"
chmod 777 "$area"   # SQLite makes the WAL index beside the database
mkdir "$area/locked" "$area/home"
chmod 777 "$area/home"
chmod 555 "$area/locked"
if [ "$(id -u)" = 0 ]; then
	user=svdesk-clerk-pdf
	id "$user" >/dev/null 2>&1 || { useradd --no-create-home --shell /usr/sbin/nologin "$user" &&
		made_user=$user; } ||
		id "$user" >/dev/null 2>&1 || { not_ok "useradd $user"; done_testing; }
	as_user() { setpriv --reuid="$(id -u "$user")" --regid="$(id -g "$user")" --clear-groups -- "$@"; }
else
	as_user() { "$@"; }
fi
run as_user env HOME="$area/home" "$area/svdesk" report fgb --db "$area/ro.db" -o "$area/locked/fgb.pdf"
check "a folder the person cannot write: exit 1" rc_is 1
check "... saying where and why" \
	err_has "$area/locked/fgb.pdf: cannot write in the folder $area/locked: Permission denied"
check "... and leaving nothing there" [ -z "$(ls -A "$area/locked")" ]
run as_user env HOME="$area/home" "$area/svdesk" report fgb --db "$area/ro.db" -o "$area/home/fgb.pdf"
check "the same person writes the PDF where they may" sh -c "[ $RC = 0 ] && pdfinfo '$area/home/fgb.pdf' >/dev/null 2>&1"
run "$SVDESK" report fgb --db demo.db -o no-such-folder/fgb.pdf
check "a folder that does not exist: exit 1" rc_is 1
check "... saying so" err_has "no-such-folder/fgb.pdf: the folder no-such-folder does not exist"

done_testing

#!/bin/sh
# pdf charts: each chart of the board pack (themes, trend, rag) of the FGB
# and the QPRB, over the demo database and over the known data of
# tests/data/report, and of two reports made without a database (hostile
# values and text; every figure zero), written alone on a page by
# report_pdf_chart (tests/pdf/chartshot), rasterised at 72 dpi by pdftoppm
# and compared with the golden images of tests/pdf/golden within a small
# tolerance (tests/pdf/pngcmp: a pixel differs when a channel differs by
# more than 48 of 255; at most 0.5% of the pixels may).  Also: the page is
# a one-page PDF of the size asked for with its fonts embedded, the chart's
# words are text on it (pdftotext), hostile text reaches the page cleaned,
# and a write error is reported with its cause.
# UPDATE_GOLDEN=1 rewrites the golden images (look at each before committing).
# chartshot runs under $TESTS_WRAP (memcheck, in make check-valgrind).
. "$top_srcdir/tests/lib.sh"

if "$SVDESK" --version | grep -q 'PDF board pack: no'; then
	echo "1..0 # SKIP this svdesk is built without PDF output"
	exit 77
fi
for tool in pdftoppm pdftotext pdfinfo pdffonts; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool (poppler-utils) is not installed"
		exit 77
	fi
done

CHARTSHOT="$top_builddir/tests/pdf/chartshot"
PNGCMP="$top_builddir/tests/pdf/pngcmp"
golden="$top_srcdir/tests/pdf/golden"

# the page of each chart (points): NAME CHART
size() {
	case $1:$2 in
	hostile_themes:*) echo "540 600" ;;
	*:themes) echo "540 320" ;;
	*:trend) echo "540 300" ;;
	*:rag) echo "540 180" ;;
	esac
}

# ---- the data ----------------------------------------------------------------

export SVDESK_NOW=2026-11-27T09:30:00
export TZ=Europe/London
"$SVDESK" demo --db demo.db >/dev/null || exit 99
"$SVDESK" init --db known.db >/dev/null || exit 99
for kind in measures contracts commitments returns; do
	"$SVDESK" import "$kind" "$top_srcdir/tests/data/report/$kind.csv" --db known.db \
		>/dev/null 2>&1 || exit 99
done

# shot NAME CHART ARGS...: chartshot ARGS CHART W H NAME.pdf, then NAME.png;
# checked against the golden image NAME.png.  (lib.sh's check uses $name.)
shot() {
	sn=$1 chart=$2
	shift 2
	# shellcheck disable=SC2046
	run ${TESTS_WRAP:-} "$CHARTSHOT" "$@" "$chart" $(size "$sn" "$chart") "$sn.pdf"
	check "$sn: chartshot exit 0, nothing on stderr" eval '[ "$RC" = 0 ] && [ ! -s "$WORK/err" ]'
	if ! pdftoppm -r 72 -png -singlefile "$sn.pdf" "$sn" 2>"$sn.pdferr"; then
		not_ok "$sn: pdftoppm reads the page" "$(head -5 "$sn.pdferr")"
		return
	fi
	check "$sn: pdftoppm has nothing to say" [ ! -s "$sn.pdferr" ]
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$golden"
		cp "$sn.png" "$golden/$sn.png"
	fi
	if [ ! -f "$golden/$sn.png" ]; then
		not_ok "$sn: the golden image" "no $sn.png in tests/pdf/golden (UPDATE_GOLDEN=1 makes it)"
	elif "$PNGCMP" "$sn.png" "$golden/$sn.png" > "$sn.cmp" 2>&1; then
		ok "$sn: the golden image ($(cat "$sn.cmp"))"
	else
		not_ok "$sn: the golden image" "$(cat "$sn.cmp")" \
			"T_KEEP=1 keeps $sn.png in tests/out to look at"
	fi
}

for chart in themes trend rag; do
	shot "demo_fgb_$chart" "$chart" demo.db fgb default
	shot "demo_qprb_$chart" "$chart" demo.db qprb default
	shot "known_fgb_$chart" "$chart" known.db fgb 2025/26
	shot "known_qprb_$chart" "$chart" known.db qprb 2025/26-Q2
	shot "hostile_$chart" "$chart" --made hostile
	shot "zero_$chart" "$chart" --made zero
done

# ---- the page --------------------------------------------------------------------

pdfinfo demo_fgb_themes.pdf > info.txt 2>&1
check "a chart's page: one page" grep -q '^Pages: *1$' info.txt
check "a chart's page: 540 x 320 points" grep -q '^Page size: *540 x 320 pts' info.txt
pdffonts demo_fgb_themes.pdf > fonts.txt 2>&1
check "a chart's page: DejaVu Sans, embedded" \
	sh -c "grep 'DejaVuSans' fonts.txt | grep -q ' yes '"
check "a chart's page: every font embedded" \
	sh -c "tail -n +3 fonts.txt | awk '{ if (\$(NF-4) != \"yes\") bad = 1 } END { exit bad }'"

# the words are text (pdftotext), not pictures
words() {
	pdftotext -layout "$1.pdf" - 2>/dev/null | tr -s ' \n' '  '
}
t=$(words demo_fgb_themes)
for w in "Social value by theme, 2026/27" Committed Delivered Validated Jobs Growth Social \
	Environment Theme "£0"; do
	check "themes (FGB): '$w' is on the page" eval 'case "$t" in *"$w"*) true ;; *) false ;; esac'
done
t=$(words demo_qprb_themes)
check "themes (QPRB): the year to date is said" \
	eval 'case "$t" in *"Delivered (YTD)"*"Validated (YTD)"*) true ;; *) false ;; esac'
t=$(words demo_fgb_trend)
for w in "Validated social value by quarter" "2025/26" "2026/27" Q1 Q4 Quarter; do
	check "trend (FGB): '$w' is on the page" eval 'case "$t" in *"$w"*) true ;; *) false ;; esac'
done
t=$(words known_qprb_rag)
for w in "Contracts by RAG status" Red Amber Green None Contracts "At 2025/26 Q2"; do
	check "rag (QPRB): '$w' is on the page" eval 'case "$t" in *"$w"*) true ;; *) false ;; esac'
done

# the values written over the columns are the report's figures, in the
# charts' short form (three figures: £3.42m, £931k, £62.4k, £640, <£1),
# worked out here from the CSV's and the text's amounts
labels() {
	awk 'function grp(n,   s, o) {
		s = sprintf("%.0f", n); o = ""
		while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
		return s o
	}
	function short(v,   u, suf, i, whole, d, p10, div, q) {
		if (v == 0) return "£0"
		if (v < 100) return "<£1"
		if (v < 99950) return "£" grp(int((v + 50) / 100))
		split("100000 100000000 100000000000 100000000000000", u, " ")
		split("k m bn tn", suf, " ")
		for (i = 1; i <= 4; i++) {
			whole = int(v / u[i])
			if (whole >= 1000 && i < 4) continue
			d = whole >= 100 ? 0 : whole >= 10 ? 1 : 2
			p10 = d == 0 ? 1 : d == 1 ? 10 : 100
			div = u[i] / p10
			q = int(v / div) + ((v % div) >= div / 2)
			if (q >= 1000 * p10 && i < 4) continue
			if (d == 0 || q % p10 == 0) return "£" grp(int(q / p10)) suf[i]
			if (d == 2 && q % 10 != 0) return sprintf("£%d.%02d%s", int(q / p10), q % p10, suf[i])
			return sprintf("£%d.%d%s", int(q / p10), d == 2 ? int((q % p10) / 10) : q % p10, suf[i])
		}
	}
	{ gsub(/[£,.\r]/, ""); print short($0 + 0) }'
}
# all_on NAME FILE: every line of FILE (one or more) is a word of NAME.pdf's text
all_on() {
	_t=" $(words "$1") "
	_missing= _n=0
	while IFS= read -r _l; do
		_n=$((_n + 1))
		case "$_t" in *" $_l "*) ;; *) _missing="$_missing $_l" ;; esac
	done < "$2"
	[ "$_n" -gt 0 ] || { echo "no labels to look for"; return 1; }
	[ -z "$_missing" ] || { echo "not on the page:$_missing"; return 1; }
}
for spec in "demo.db fgb --year 2026/27 demo_fgb committed_gbp delivered_gbp validated_gbp" \
	"demo.db qprb --quarter 2026/27-Q2 demo_qprb committed_gbp delivered_ytd_gbp validated_ytd_gbp" \
	"known.db fgb --year 2025/26 known_fgb committed_gbp delivered_gbp validated_gbp" \
	"known.db qprb --quarter 2025/26-Q2 known_qprb committed_gbp delivered_ytd_gbp validated_ytd_gbp"; do
	# shellcheck disable=SC2086
	set -- $spec
	db=$1 board=$2 opt=$3 period=$4 sn=$5
	shift 5
	"$SVDESK" report "$board" "$opt" "$period" --format csv --db "$db" > "$sn.csv" 2>/dev/null
	: > "$sn.want"
	for metric in "$@"; do
		grep "^theme,[^,]*,$metric," "$sn.csv" | cut -d, -f4 | labels >> "$sn.want"
	done
	check "$sn: the report has theme rows" [ -s "$sn.want" ]
	run all_on "${sn}_themes" "$sn.want"
	check "${sn}_themes: every theme's three figures are written over its columns" rc_is 0
	"$SVDESK" report "$board" "$opt" "$period" --db "$db" > "$sn.txt" 2>/dev/null
	grep -E '^[0-9]{4}/[0-9]{2} Q[1-4] +\|' "$sn.txt" | sed 's/.* //' | labels > "$sn.trend"
	check "$sn: the text has the eight quarters" [ "$(wc -l < "$sn.trend")" -eq 8 ]
	run all_on "${sn}_trend" "$sn.trend"
	check "${sn}_trend: every quarter's validated £SV is written over its column" rc_is 0
done

# the RAG counts of the known data are the report's (its CSV, by contract)
"$SVDESK" report qprb --quarter 2025/26-Q2 --format csv --db known.db > rag.csv 2>/dev/null
pdftotext -layout known_qprb_rag.pdf rag.txt 2>/dev/null
for W in Red Amber Green None; do
	word=$(echo "$W" | tr 'A-Z' 'a-z')
	n=$(grep -c ",rag,$word" rag.csv)
	check "rag (QPRB): $W shows $n, as the report counts" grep -qE "^ *$W +$n \\(" rag.txt
done
check "rag (QPRB): the report has contracts of more than one colour" \
	[ "$(grep ',rag,' rag.csv | cut -d, -f4 | sort -u | wc -l)" -ge 2 ]

# hostile text arrives cleaned: no escape, no bidi override, no control
# character, the long key cut (the page draws it to an ellipsis; the text
# behind the ellipsis is at most 160 bytes)
pdftotext hostile_themes.pdf hostile.txt 2>/dev/null
tr '\n' ' ' < hostile.txt > hostile1.txt
check "hostile: the escape sequences are shown as '?'" grep -qE '\? ?\[31mRed\?\[0m' hostile1.txt
check "hostile: the bidi override and the zero-width space are shown as '?'" \
	grep -qF '?evil?' hostile1.txt
check "hostile: invalid bytes, a line feed and a tab are shown as '?'" \
	grep -qF 'bad ?? ' hostile1.txt
check "hostile: no ESC byte on the page" sh -c "! grep -q \"$(printf '\033')\" hostile.txt"
check "hostile: no bidi override on the page" \
	sh -c "! grep -q \"$(printf '\342\200\256')\" hostile.txt"
longest=$(tr -c 'W\n' '\n' < hostile.txt | awk '{ if (length > m) m = length } END { print m + 0 }')
check "hostile: the long key is cut ($longest characters)" \
	eval '[ "$longest" -ge 100 ] && [ "$longest" -le 160 ]'
check "hostile: the 40th theme is on the page" grep -qF 'Theme 40' hostile1.txt
check "hostile: huge figures are written in trillions, grouped" grep -qF '£100,000tn' hostile1.txt

# zero: nothing to show is said, not drawn
t=$(words zero_rag)
check "zero: no contracts to show" eval 'case "$t" in *"No contracts to show"*) true ;; *) false ;; esac'
t=$(words zero_trend)
check "zero: the trend of zeros is drawn, with its values" \
	eval 'case "$t" in *"£0 £0 £0 £0 £0 £0 £0 £0"*) true ;; *) false ;; esac'

# ---- errors ------------------------------------------------------------------------

if [ -w /dev/full ]; then
	run ${TESTS_WRAP:-} "$CHARTSHOT" demo.db fgb default themes 540 320 /dev/full
	check "a full disk: exit 1" rc_is 1
	check "a full disk: the message says why" err_has "cannot write: the disk is full"
fi
run ${TESTS_WRAP:-} "$CHARTSHOT" demo.db fgb default themes 540 0 out.pdf
check "a page of no height: refused" eval '[ "$RC" = 1 ] && grep -q "100 to 14,400 points" "$WORK/err"'
run ${TESTS_WRAP:-} "$CHARTSHOT" demo.db fgb default themes nan 300 out.pdf
check "a page of NaN points: refused" rc_is 1

echo "1..$T_N"
[ "$T_FAILED" -eq 0 ]

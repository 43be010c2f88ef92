#!/bin/sh
# report data: the board reports over a database built from known CSV files
# (tests/data/report), every CSV row and metric of FGB, QPRB and QRB compared
# with the figures computed here, independently, by plain SQL in the sqlite3
# shell (integers only: a line is worth (quantity x proxy + 5000) / 10000
# pence, quantities in hundredths and proxies in ten-thousandths of a pound,
# and totals are sums of those rounded line values), plus a few figures
# worked out by hand, which also check that SQL.
#
# The data: 4-decimal proxies (3.1416, 12.3456, 0.0050, 0.0150, 2.5050) with
# fractional quantities that land on half a penny; a record-only measure, a
# percent measure and the OPCC's local measures; quarters at the year's ends
# (Q4 in January-March, Q1 of the next year, Q4 of the year before);
# contracts that start or end inside a quarter, or do not overlap it; a
# contract exactly at the threshold (not an exception), one a penny above it
# with 9.9% (an exception), one at 10% (not); validated, partly validated,
# rejected, queried and submitted lines; a contract that never returns; RAG
# exactly at rag_green, a penny below, exactly at rag_amber, a penny below,
# and with nothing committed; and an empty year.
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
DATA="$top_srcdir/tests/data/report"
DB=r.db
BOM=$(printf '\357\273\277')
CR=$(printf '\r')

# ---- the database, by import -------------------------------------------------

run "$SVDESK" init --db $DB
check "init: exit 0" rc_is 0
for kind in measures contracts commitments returns; do
	run "$SVDESK" import "$kind" "$DATA/$kind.csv" --db $DB
	check "import $kind: exit 0" rc_is 0
done
check "the data as imported: 18 contracts, 34 commitments, 57 return lines" \
	[ "$(sql $DB "SELECT (SELECT count(*) FROM contract) || ' ' || (SELECT count(*) FROM commitment)
		|| ' ' || (SELECT count(*) FROM return_line)")" = "18 34 57" ]
check "... with every status of a line" \
	[ "$(sql $DB "SELECT group_concat(status || '=' || n, ' ') FROM (SELECT status, count(*) AS n
		FROM return_line GROUP BY status ORDER BY status)")" = "query=3 rejected=3 submitted=8 validated=43" ]
check "... and commitments that keep their set's 4-decimal proxies" \
	[ "$(sql $DB "SELECT group_concat(proxy) FROM (SELECT DISTINCT cm.proxy FROM commitment cm
		JOIN measure m ON m.id = cm.measure_id WHERE m.code IN ('NT1', 'WM-LP1', 'NT29')
		ORDER BY 1)")" = "50,31416,123456" ]

# ---- the expected rows, in SQL -------------------------------------------------------

# expected BOARD FY Q [GREEN AMBER THRESHOLD_PENCE MIN_WEIGHT_TENTHS]: every
# row of the report's CSV as section,key,metric,value (CSV, sorted).
# BOARD is fgb, qprb or qrb; FY the first calendar year (2025 for 2025/26);
# Q the quarter (0 for FGB).
expected() {
	board=$1 fy=$2 q=$3 green=${4:-100} amber=${5:-75} thr=${6:-10000000} minw=${7:-100}
	case $board in
	fgb) bodies="('WMP'), ('OPCC')" qmax=4
		money="committed_gbp:c delivered_gbp:dy validated_gbp:vy"
		qty="committed_qty:cq delivered_qty:dyq validated_qty:vyq" ;;
	qprb) bodies="('WMP')" qmax=$q ;;
	qrb) bodies="('OPCC')" qmax=$q ;;
	esac
	if [ "$board" != fgb ]; then
		money="committed_gbp:c delivered_q_gbp:dq validated_q_gbp:vq delivered_ytd_gbp:dy validated_ytd_gbp:vy"
		qty="committed_qty:cq delivered_ytd_qty:dyq validated_ytd_qty:vyq"
	fi
	# the metrics of the breakdown rows, one SELECT each
	metrics=
	for m in $money; do
		P "${m#*:}"
		metrics="$metrics UNION ALL SELECT section, key, '${m%%:*}', $_p FROM g"
	done
	for m in $qty; do
		P "${m#*:}"
		metrics="$metrics UNION ALL SELECT section, key, '${m%%:*}', $_p FROM g
			WHERE section IN ('measure', 'opcc_local')"
	done
	metrics="$metrics UNION ALL SELECT section, key, 'unit', unit FROM g
		WHERE section IN ('measure', 'opcc_local')"
	bodyrows= localrows= quarterly=
	if [ "$board" = fgb ]; then
		bodyrows="UNION ALL SELECT 'body', b.body, $sums, NULL FROM bod b LEFT JOIN f ON f.body = b.body
			GROUP BY b.body"
	else
		quarterly="
		UNION ALL SELECT 'contract', key, 'rag', CASE WHEN c = 0 THEN 'none'
			WHEN vy * 400 / (c * $q) >= $green THEN 'green'
			WHEN vy * 400 / (c * $q) >= $amber THEN 'amber' ELSE 'red' END
			FROM g WHERE section = 'contract'
		UNION ALL SELECT 'missing_return', c.ref, 'supplier', s.name
			FROM contract c JOIN supplier s ON s.id = c.supplier_id
			WHERE c.body IN (SELECT body FROM bod)
			AND EXISTS (SELECT 1 FROM commitment m WHERE m.contract_id = c.id AND m.year = $fy)
			AND c.start_date <= date('$fy-04-01', '+$((3 * q)) months', '-1 day')
			AND c.end_date >= date('$fy-04-01', '+$((3 * q - 3)) months')
			AND NOT EXISTS (SELECT 1 FROM commitment m JOIN return_line r ON r.commitment_id = m.id
				WHERE m.contract_id = c.id AND m.year = $fy AND r.quarter = $q)"
	fi
	# The QRB's OPCC considerations: a row for every local measure of the
	# catalogue, with the figures of the OPCC's contracts (zero where none).
	[ "$board" = qrb ] && localrows="UNION ALL SELECT 'opcc_local', m.code, $sums, m.unit
		FROM measure m LEFT JOIN f ON f.code = m.code WHERE m.local = 1 GROUP BY m.code"
	P value
	pvalue=$_p
	P 'coalesce(sum(dgbp), 0)'
	psum=$_p
	G key
	gkey=$_g
	G value
	gvalue=$_g
	sqlite3 -readonly -batch -list -separator "|" -noheader $DB "
	WITH
	bod(body) AS (VALUES $bodies),
	cm AS MATERIALIZED (
		SELECT cm.id AS cid, c.ref, c.body, t.name AS theme, o.text AS outcome, m.code, m.unit,
			m.local, cm.target, cm.proxy
		FROM commitment cm JOIN contract c ON c.id = cm.contract_id
		JOIN measure m ON m.id = cm.measure_id JOIN outcome o ON o.id = m.outcome_id
		JOIN theme t ON t.id = o.theme_id
		WHERE cm.year = $fy AND c.body IN (SELECT body FROM bod)),
	ln AS MATERIALIZED (
		SELECT cm.*, r.quarter, r.status, r.delivered,
			CASE r.status WHEN 'validated' THEN r.validated ELSE 0 END AS vqty,
			coalesce((r.delivered * cm.proxy + 5000) / 10000, 0) AS dgbp,
			CASE r.status WHEN 'validated'
				THEN coalesce((r.validated * cm.proxy + 5000) / 10000, 0) ELSE 0 END AS vgbp
		FROM cm JOIN return_line r ON r.commitment_id = cm.cid
		WHERE r.quarter <= $qmax),
	f AS MATERIALIZED (
		SELECT ref, body, theme, outcome, code, unit, local,
			coalesce((target * proxy + 5000) / 10000, 0) AS c, target AS cq,
			0 AS dq, 0 AS vq, 0 AS dy, 0 AS vy, 0 AS dyq, 0 AS vyq
		FROM cm
		UNION ALL
		SELECT ref, body, theme, outcome, code, unit, local, 0, 0,
			CASE WHEN quarter = $q THEN dgbp ELSE 0 END,
			CASE WHEN quarter = $q THEN vgbp ELSE 0 END,
			dgbp, vgbp, delivered, vqty
		FROM ln),
	g(section, key, c, cq, dq, vq, dy, vy, dyq, vyq, unit) AS MATERIALIZED (
		SELECT 'headline', '', $sums, NULL FROM f
		$bodyrows
		UNION ALL SELECT 'theme', theme, $sums, NULL FROM f GROUP BY theme
		UNION ALL SELECT 'outcome', outcome, $sums, NULL FROM f GROUP BY outcome
		UNION ALL SELECT 'measure', code, $sums, unit FROM f GROUP BY code
		$localrows
		UNION ALL SELECT 'contract', ref, $sums, NULL FROM f GROUP BY ref),
	rows(section, key, metric, value) AS (
		SELECT 'headline', '', 'contracts', (SELECT count(DISTINCT ref) FROM cm)
		$metrics
		$quarterly
		UNION ALL SELECT 'policy_exception', ref, 'value_gbp', $pvalue
			FROM contract WHERE body IN (SELECT body FROM bod) AND value > $thr AND sv_weight < $minw
		UNION ALL SELECT 'policy_exception', ref, 'sv_weight', printf('%d.%d', sv_weight / 10, sv_weight % 10)
			FROM contract WHERE body IN (SELECT body FROM bod) AND value > $thr AND sv_weight < $minw
		UNION ALL SELECT 'awaiting_validation', '', 'lines', count(*) FROM ln WHERE status = 'submitted'
		UNION ALL SELECT 'awaiting_validation', '', 'delivered_gbp', $psum
			FROM ln WHERE status = 'submitted'
		UNION ALL SELECT 'in_query', '', 'lines', count(*) FROM ln WHERE status = 'query'
		UNION ALL SELECT 'in_query', '', 'delivered_gbp', $psum
			FROM ln WHERE status = 'query'
		UNION ALL SELECT 'audit', '', 'entries', max(id) FROM audit
		UNION ALL SELECT 'audit', '', 'head', lower(hex(hash)) FROM audit
			WHERE id = (SELECT max(id) FROM audit))
	SELECT section, $gkey, metric, CASE metric WHEN 'supplier' THEN $gvalue ELSE value END
	FROM rows ORDER BY 1, 2, 3, 4"
}
# P EXPR: sets _p to SQL that writes an amount in hundredths (pence, or a quantity) as
# a plain decimal with two places; amounts here are never negative.
P() { _p="printf('%d.%02d', ($1) / 100, ($1) % 100)"; }
# G COLUMN: sets _g to SQL for the text as a CSV file holds it: the formula
# guard puts one ' before a text that begins with = + - @ ' tab or CR.
G() {
	_g="CASE WHEN substr($1, 1, 1) IN ('=', '+', '-', '@', '''', char(9), char(13))
		THEN '''' || $1 ELSE $1 END"
}
# sums: the columns of g, summed (a group of no rows is zero)
sums="coalesce(sum(c), 0), coalesce(sum(cq), 0), coalesce(sum(dq), 0), coalesce(sum(vq), 0),
	coalesce(sum(dy), 0), coalesce(sum(vy), 0), coalesce(sum(dyq), 0), coalesce(sum(vyq), 0)"


# got NAME: the rows of NAME.csv, parsed by the sqlite3 shell's CSV reader
# (it takes the byte-order mark, CRLF, and quoted fields: commas in outcome
# texts and supplier names), written and sorted as expected() writes them,
# into NAME.got; the (section, key, metric) that occur twice into NAME.dup;
# what the reader says about the file (a row of the wrong width) into
# NAME.err.
got() {
	sqlite3 -batch -list -separator "|" -noheader :memory: ".import --csv $1.csv r" \
		".output $1.dup" "SELECT section, key, metric FROM r GROUP BY 1, 2, 3 HAVING count(*) > 1" \
		".output $1.got" "SELECT section, key, metric, value FROM r ORDER BY 1, 2, 3, 4" \
		2> "$1.err"
}

# compare NAME WANT GOT: ok when the rows are the same, else the difference.
compare() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		# shellcheck disable=SC2046
		not_ok "$1" "- expected, + report:" $(diff "$2" "$3" | grep '^[<>]' | head -n 40 |
			sed 's/^</-/; s/^>/+/; s/ /_/g')
	fi
}

# report BOARD PERIOD NAME [CONFIG]: the CSV report into NAME.csv, checked
# against expected() row by row.  PERIOD is 2025/26 or 2025/26-Q2.
report() {
	board=$1 period=$2 rn=$3 cfg=${4:-}
	case $period in
	*-Q*) opt=--quarter q=${period#*-Q} ;;
	*) opt=--year q=0 ;;
	esac
	fy=${period%%/*}
	set -- "$SVDESK" report "$board" "$opt" "$period" --format csv -o "$rn.csv" --db $DB
	[ -n "$cfg" ] && set -- "$@" --config "$cfg"
	run "$@"
	check "$rn: exit 0, nothing on stderr" eval '[ "$RC" = 0 ] && [ ! -s "$WORK/err" ]'
	first=
	[ -f "$rn.csv" ] && IFS= read -r first < "$rn.csv"
	first=${first#"$BOM"}
	check "$rn: the header section,key,metric,value" [ "${first%"$CR"}" = "section,key,metric,value" ]
	if [ -n "$cfg" ]; then
		# shellcheck disable=SC2086
		expected "$board" "$fy" "$q" $CFG_ARGS > "$rn.want"
	else
		expected "$board" "$fy" "$q" > "$rn.want"
	fi
	got "$rn"
	check "$rn: every row has four fields" [ ! -s "$rn.err" ]
	check "$rn: no metric twice" [ ! -s "$rn.dup" ]
	compare "$rn: every row and metric as computed in SQL ($(wc -l < "$rn.want") rows)" \
		"$rn.want" "$rn.got"
}

# (The checks below run no programs of their own: the test stays fast.)
NL='
'
# row_in FILE ROW: the file has the row; row_starts FILE PATTERN: a row begins with
# the glob pattern.
row_in() { case "$NL$(cat "$1")$NL" in *"$NL$2$NL"*) return 0 ;; esac; return 1; }
row_starts() { case "$NL$(cat "$1")" in *"$NL"$2*) return 0 ;; esac; return 1; }
# has NAME ROW...: each row is in NAME.want (so SQL agrees with the hand
# worked figure) and in NAME.got (so does the report).
has() {
	hn=$1
	shift
	for row in "$@"; do
		check "$hn: $row (worked out by hand; SQL agrees)" row_in "$hn.want" "$row"
		check "$hn: $row (worked out by hand; the report agrees)" row_in "$hn.got" "$row"
	done
}
# hasnt NAME PATTERN: no row of NAME.want or NAME.got begins with PATTERN.
hasnt() {
	check "$1: no row begins $2" eval "! row_starts '$1.want' '$2' && ! row_starts '$1.got' '$2'"
}

# ---- FGB --------------------------------------------------------------------------

# By hand:
# - NT1 at 3.1416 a unit: 12.35 -> 38.80 (38.79876); 6.25 -> 19.64 (19.635,
#   half a penny, up) three times; 0.25 -> 0.79 (0.7854): 98.51, where
#   31.35 x 3.1416, rounded once, would be 98.49.
# - Civic: CV1 at 2.5050: 1.00 -> 2.51 (2.505) and 3.00 -> 7.52 (7.515);
#   CV2 is record only: 10.03.
# - NT18 at 1.0000: 5000.25 + 4 x 1000.00 + 400.00 = 9400.25.
# - The threshold is 100,000.00 and the minimum weighting 10%: W-THRESH
#   (100,000.00 at 5%) and W-TEN (250,000.00 at 10%) are no exceptions;
#   W-OVER (100,000.01 at 9.9%), O-BIG and O-OLD (no commitment in any
#   year the report covers: the spec's rule names no year) are.
# - Awaiting validation in 2025/26: W-THRESH Q4 NT1 1.33 -> 4.18 (4.178328),
#   W-OVER Q2 NT1 6.25 -> 19.64, O-BIG Q2 CV1 3.00 -> 7.52, and two
#   record-only lines: 5 lines, 31.34.  In query: W-THRESH Q3 NT1 0.25 ->
#   0.79, W-MIDSTART Q2 NT29 0.25 -> 0.00 (0.00125), O-LOCAL Q2 WM-DOC1.
report fgb 2025/26 fgb-2025
has fgb-2025 \
	'headline||contracts|17' \
	'measure|NT1|committed_gbp|98.51' \
	'measure|NT1|committed_qty|31.35' \
	'measure|NT17|committed_gbp|0.00' \
	'measure|NT17|unit|percent' \
	'measure|CV2|committed_qty|7.00' \
	'theme|Civic|committed_gbp|10.03' \
	'outcome|More opportunities for SMEs and VCSEs, local companies|committed_gbp|9400.25' \
	'policy_exception|W-OVER|value_gbp|100000.01' \
	'policy_exception|W-OVER|sv_weight|9.9' \
	'policy_exception|O-BIG|sv_weight|7.5' \
	'policy_exception|O-OLD|value_gbp|500000.00' \
	'awaiting_validation||lines|5' \
	'awaiting_validation||delivered_gbp|31.34' \
	'in_query||lines|3' \
	'in_query||delivered_gbp|0.79'
hasnt fgb-2025 'policy_exception|W-THRESH|'
hasnt fgb-2025 'policy_exception|W-TEN|'
hasnt fgb-2025 'missing_return|'
hasnt fgb-2025 'contract|*|rag|'

report fgb 2024/25 fgb-2024
has fgb-2024 'headline||contracts|3' 'awaiting_validation||lines|1'
report fgb 2026/27 fgb-2026
has fgb-2026 'headline||contracts|5'

# An empty year: the headline in zeros, no contracts, no breakdown.
report fgb 2030/31 fgb-2030
has fgb-2030 'headline||contracts|0' 'headline||committed_gbp|0.00' \
	'headline||delivered_gbp|0.00' 'headline||validated_gbp|0.00' \
	'awaiting_validation||lines|0' 'in_query||delivered_gbp|0.00'
for s in theme outcome measure contract; do
	hasnt fgb-2030 "$s|"
done

# ---- QPRB (WMP) and QRB (OPCC) --------------------------------------------------------

for board in qprb qrb; do
	for period in 2025/26-Q1 2025/26-Q2 2025/26-Q3 2025/26-Q4 2026/27-Q1 2024/25-Q4 2030/31-Q2; do
		report $board $period "$board-$(echo "$period" | tr / _)"
	done
done

# By hand: W-OVER's NT31 lines at 0.0150 a unit, 1.00 in Q1 and in Q2, are
# 0.015 each, so 0.02 each: 0.04 (once rounded, 0.03).  RAG at Q2 of the
# R- contracts, committed 1,000.00 each: validated YTD 500.00 is 100%
# (green), 499.99 is 99% (amber), 375.00 is 75% (amber), 374.99 is 74%
# (red); R-NONE commits only to a percent measure (0.00): none.  At Q1,
# 200.00 is 80% (amber) and 175.00 is 70% (red).  W-MIDEND ends inside Q2
# with no Q2 return: missing; W-LATE starts in Q3: not.
has qprb-2025_26-Q2 \
	'contract|W-OVER|validated_ytd_gbp|0.04' \
	'contract|R-GREEN|rag|green' \
	'contract|R-GREEN-1P|rag|amber' \
	'contract|R-AMBER|rag|amber' \
	'contract|R-RED|rag|red' \
	'contract|R-NONE|rag|none' \
	'missing_return|W-MIDEND|supplier|Eden Ltd'
hasnt qprb-2025_26-Q2 'missing_return|W-LATE|'
hasnt qprb-2025_26-Q2 '*|O-'
has qprb-2025_26-Q1 'contract|R-GREEN|rag|amber' 'contract|R-AMBER|rag|red'
has qprb-2025_26-Q4 'missing_return|W-Q4END|supplier|Gale Ltd' 'missing_return|W-TEN|supplier|Cole Ltd'
hasnt qprb-2025_26-Q4 'missing_return|W-MIDEND|'
has qrb-2025_26-Q2 \
	'missing_return|O-SILENT|supplier|Quill, Quire & Co' \
	"missing_return|'=O-AT,\"HOME\"|supplier|'@Home Services Ltd" \
	'opcc_local|WM-LP1|committed_gbp|3.09' \
	'opcc_local|WM-DOC1|committed_gbp|0.00' \
	'opcc_local|WM-DOC1|committed_qty|3.00'
hasnt qrb-2025_26-Q2 '*|W-'
has qrb-2025_26-Q4 'contract|O-GREEN4|rag|green'
hasnt qrb-2025_26-Q4 'answer|'
for board in qprb qrb; do
	has "$board-2030_31-Q2" 'headline||contracts|0' 'headline||committed_gbp|0.00' \
		'headline||validated_ytd_gbp|0.00'
	for s in theme outcome measure contract missing_return; do
		hasnt "$board-2030_31-Q2" "$s|"
	done
done

# ---- the configured thresholds -----------------------------------------------------------

cat > policy.ini <<'INI'
[policy]
threshold = 99999.99
min_weighting = 10
rag_green = 80
rag_amber = 70
INI
CFG_ARGS="80 70 9999999 100"
report qprb 2025/26-Q1 qprb-cfg-Q1 policy.ini
has qprb-cfg-Q1 'contract|R-GREEN|rag|green' 'contract|R-AMBER|rag|amber' \
	'policy_exception|W-THRESH|sv_weight|5.0'
report qrb 2025/26-Q2 qrb-cfg-Q2 policy.ini

# ---- the chain head proves the log ---------------------------------------------------------

n=$(grep '^audit||entries|' fgb-2025.got | cut -d'|' -f4)
h=$(grep '^audit||head|' fgb-2025.got | cut -d'|' -f4)
run "$SVDESK" check audit --audit-head "$n:$h" --db $DB
check "the report's audit rows are a head that svdesk check accepts" rc_is 0

# ---- the text report carries the CSV's headline -------------------------------------------

# gbp NAME METRIC: the headline amount of NAME.got as £1,234.56
gbp() {
	v=$(grep "^headline||$2|" "$1.got" | cut -d'|' -f4)
	sqlite3 :memory: "SELECT printf('£%,d.%s', ${v%.*}, '${v#*.}')"
}
# in_text TEXT WORD: TEXT holds WORD with a space before it, at the end of a line.
in_text() { case "$1$NL" in *" $2$NL"*) return 0 ;; esac; return 1; }
for spec in "fgb --year 2025/26 fgb-2025 committed_gbp delivered_gbp validated_gbp" \
	"qprb --quarter 2025/26-Q2 qprb-2025_26-Q2 committed_gbp delivered_q_gbp validated_q_gbp delivered_ytd_gbp validated_ytd_gbp" \
	"qrb --quarter 2025/26-Q4 qrb-2025_26-Q4 committed_gbp delivered_q_gbp validated_q_gbp delivered_ytd_gbp validated_ytd_gbp"; do
	# shellcheck disable=SC2086
	set -- $spec
	board=$1 opt=$2 period=$3 tn=$4
	shift 4
	run "$SVDESK" report "$board" "$opt" "$period" --db $DB
	check "$tn (text): exit 0" rc_is 0
	# the headline section: from its title to the first empty line
	headline=$(sed -n '/^Headline/,/^$/p' "$WORK/out")
	check "$tn (text): a headline section" [ -n "$headline" ]
	for metric in "$@"; do
		amount=$(gbp "$tn" "$metric")
		check "$tn (text): the headline's $metric, $amount" in_text "$headline" "$amount"
	done
	n=$(grep '^headline||contracts|' "$tn.got" | cut -d'|' -f4)
	check "$tn (text): the headline's $n contracts" in_text "$headline" "$n"
done

# -o FILE.csv is CSV without --format; standard output has no byte-order mark.
run "$SVDESK" report fgb --year 2025/26 -o implied.csv --db $DB
check "-o x.csv implies --format csv: the same rows" cmp -s fgb-2025.csv implied.csv
run "$SVDESK" report fgb --year 2025/26 --format csv --db $DB
check "CSV on standard output: the file without its byte-order mark" \
	eval '[ -s "$WORK/out" ] && tail -c +4 fgb-2025.csv | cmp -s - "$WORK/out"'

done_testing

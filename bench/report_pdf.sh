#!/bin/sh
# report_pdf.sh: the board pack costs little more than the text report.  On
# one demo database (default 20,000 contracts), in the same run, times the
# FGB and the QPRB written as text (`svdesk report BOARD --format text`) and
# as a PDF (`--format pdf`), each to /dev/null, and prints the best of RUNS
# wall times of each, the ratio PDF / text (the goal: under 2.00) and the
# peak memory of each (the largest maximum resident set of its runs, from
# /usr/bin/time), with the PDF's pages where pdfinfo is installed.
# Usage: bench/report_pdf.sh [CONTRACTS [RUNS]]   (from the build tree;
# SVDESK names the binary, default ./svdesk)
set -eu
svdesk=${SVDESK:-./svdesk}
contracts=${1:-20000}
runs=${2:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SVDESK_NOW=2026-11-15 HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"
db="$dir/demo.db"

[ -x /usr/bin/time ] || { echo "report_pdf.sh: needs /usr/bin/time (Debian: time)" >&2; exit 1; }
if ! "$svdesk" --version | grep -qx 'PDF board pack: yes'; then
	echo "report_pdf.sh: this svdesk has no PDF output (see ./configure --with-pdf)" >&2
	exit 1
fi
"$svdesk" demo --contracts "$contracts" --db "$db" >/dev/null

# best CMD...: "SECONDS KB", the best wall time of $runs runs and the
# largest peak memory (maximum resident set, kilobytes) of those runs.
best() {
	b='' m=0 i=0
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f '%e %M' -o "$dir/t" "$@" > /dev/null ||
			{ echo "report_pdf.sh: $* failed" >&2; exit 1; }
		read -r t k < "$dir/t"
		b=$(awk -v a="$t" -v b="$b" 'BEGIN { print (b == "" || a < b) ? a : b }')
		[ "$k" -gt "$m" ] && m=$k
		i=$((i + 1))
	done
	echo "$b $m"
}

lines=$(sqlite3 "$db" "SELECT count(*) FROM return_line")
echo "report_pdf: a demo of $contracts contracts ($lines return lines), best of $runs runs"
printf '  %-5s %-11s %8s %8s %7s %9s %9s %6s\n' board period text_s pdf_s ratio text_kb pdf_kb pages
for board in fgb qprb; do
	case $board in
	fgb) period=2025/26; opt=--year ;;
	qprb) period=2026/27-Q2; opt=--quarter ;;
	esac
	set -- "$svdesk" report "$board" "$opt" "$period" --db "$db"
	text=$(best "$@" --format text -o /dev/null)
	pdf=$(best "$@" --format pdf -o /dev/null)
	pages=-
	if command -v pdfinfo >/dev/null 2>&1; then
		"$@" -o "$dir/r.pdf"
		pages=$(pdfinfo "$dir/r.pdf" | sed -n 's/^Pages: *//p')
	fi
	# shellcheck disable=SC2086
	set -- $text $pdf
	awk -v k="$board" -v p="$period" -v t="$1" -v tk="$2" -v f="$3" -v fk="$4" -v n="$pages" 'BEGIN {
		printf "  %-5s %-11s %8.2f %8.2f %7.2f %9d %9d %6s\n", k, p, t, f, (t > 0 ? f / t : 0),
			tk, fk, n }'
done
echo "(ratio: the PDF's time over the text's; the goal is under 2.00; kb: peak memory)"

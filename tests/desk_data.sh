#!/bin/sh
# desk_data.sh: CSV files of known return lines, all awaiting validation, for
# the tests of many desks on one database (tests/tui/desk_users.sh,
# tests/tui/desk_load.sh) and for bench/validate.sh.
#
# Usage: desk_data.sh DIR YEAR MEASURES GROUP...
#   DIR       where to write measures.csv, contracts.csv, commitments.csv and
#             returns.csv (created if absent; the files are replaced)
#   YEAR      the financial year's first calendar year (2026 for 2026/27)
#   MEASURES  measures per contract, 1 to 99 (codes DK01, DK02 ...)
#   GROUP     SUPPLIER:PREFIX:CONTRACTS, e.g. "Desk A Ltd:DA:125": CONTRACTS
#             contracts PREFIX-0001 ... of that supplier, for the year
#
# Each contract commits to every measure for the year and reports it in Q1
# and Q2, so a group has CONTRACTS x MEASURES x 2 return lines, submitted
# and awaiting validation; the n-th line of a group (in file order) delivers
# 1 + (n mod 97) units.  The measures form their own proxy set ("Desk test
# set", unit count at £10.00), so the files import into an empty database
# as well as into a demo one.
set -eu

usage() {
	echo "usage: desk_data.sh DIR YEAR MEASURES SUPPLIER:PREFIX:CONTRACTS..." >&2
	exit 2
}
[ $# -ge 4 ] || usage
dir=$1 year=$2 measures=$3
shift 3
case $year in
[12][0-9][0-9][0-9]) ;;
*) echo "desk_data.sh: YEAR \"$year\" is not a calendar year such as 2026" >&2; exit 2 ;;
esac
case $measures in
[1-9] | [1-9][0-9]) ;;
*) echo "desk_data.sh: MEASURES \"$measures\" is not a number from 1 to 99" >&2; exit 2 ;;
esac
for g in "$@"; do
	# SUPPLIER (no colon or comma), PREFIX (letters and digits), CONTRACTS (1-9999)
	if ! printf '%s\n' "$g" | grep -Eq '^[^:,"]+:[A-Za-z0-9]+:[1-9][0-9]{0,3}$'; then
		echo "desk_data.sh: group \"$g\" is not SUPPLIER:PREFIX:CONTRACTS" \
			"(e.g. \"Desk A Ltd:DA:125\"; no comma or quote in the name)" >&2
		exit 2
	fi
done
mkdir -p "$dir"

printf '%s\n' "$@" | awk -F: -v dir="$dir" -v y="$year" -v nm="$measures" '
BEGIN {
	fy = sprintf("%d/%02d", y, (y + 1) % 100)
	m = dir "/measures.csv"; c = dir "/contracts.csv"
	k = dir "/commitments.csv"; r = dir "/returns.csv"
	print "theme,outcome,code,title,unit,proxy,proxy_set" > m
	for (i = 1; i <= nm; i++)
		printf "Jobs,Desk test outcome,DK%02d,Desk test measure %d,count,10.00,Desk test set\n",
			i, i > m
	print "ref,title,supplier,body,value,start,end,sv_weight,manager" > c
	print "contract,measure,year,target" > k
	print "contract,quarter,measure,delivered,evidence,submitted" > r
}
{
	supplier = $1; prefix = $2; n = $3 + 0; line = 0
	for (i = 1; i <= n; i++) {
		ref = sprintf("%s-%04d", prefix, i)
		printf "%s,%s contract %d,%s,%s,100000,%d-04-01,%d-03-31,10,Desk Manager\n",
			ref, prefix, i, supplier, (i % 2 ? "WMP" : "OPCC"), y, y + 1 > c
		for (j = 1; j <= nm; j++)
			printf "%s,DK%02d,%s,100\n", ref, j, fy > k
	}
	for (q = 1; q <= 2; q++)
		for (i = 1; i <= n; i++)
			for (j = 1; j <= nm; j++) {
				line++
				printf "%s-%04d,%s-Q%d,DK%02d,%d,Evidence %d of %s,%d-%s\n",
					prefix, i, fy, q, j, 1 + line % 97, line, prefix, y,
					(q == 1 ? "07-05" : "10-05") > r
			}
}'

# hostile_cli.sh: part of tests/hard/hostile.sh (sourced): the commands on
# the tampered database (reports as text, CSV and printed, exports, chase,
# check, templates) and the configuration file.  Text for a person or a
# printer is scanned as plain text, CSV as CSV (bidi and zero-width
# characters are data there), stderr always as plain text.

printf '[print]\ncommand = cat > cli-printed.txt\n' > cli_print.ini
for b in fgb qprb qrb; do
	run "$SVDESK" --db hdb.db report $b
	check "report $b to stdout (status $RC)" rc_is 0
	scan_plain "... stdout and stderr: no escape, control, C1, bidi or zero-width character" out err
	cp out "report-$b.txt"
	run "$SVDESK" --db hdb.db report $b -o "report-$b-o.txt"
	check "report $b -o FILE is the same text (status $RC)" cmp -s "report-$b.txt" "report-$b-o.txt"
	scan_plain "... stderr clean" err
	run "$SVDESK" --db hdb.db report $b --format csv
	check "report $b --format csv (status $RC)" rc_is 0
	mv out "report-$b-stdout.csv"
	scan_csv "... CSV on stdout: no escape, control or C1, no byte-order mark inside" "report-$b-stdout.csv"
	scan_plain "... stderr clean" err
	run "$SVDESK" --db hdb.db report $b -o "report-$b.csv"
	scan_csv "report $b -o FILE.csv: CSV clean (status $RC)" "report-$b.csv"
	rm -f cli-printed.txt
	run "$SVDESK" --config "$WORK/cli_print.ini" --db hdb.db report $b --print
	check "report $b --print (status $RC)" sh -c "[ $RC = 0 ] && [ -s cli-printed.txt ]"
	scan_plain "... what the print command received: plain text, form feeds between pages" cli-printed.txt
	scan_plain "... stdout and stderr clean" out err
	cat cli-printed.txt >> all-printed.txt
done
for m in xPS xSU xTI xRF xMG xME xOU xTH xHL xAN; do
	check "the printed reports show the marker $m, neutralised" grep -q "$m[0-9][0-9]:" all-printed.txt
done
check "... an escape sequence shows as ? and its text (xPS01:a?[31;1mRED?[0mb)" \
	grep -q 'xPS01:a?\[31;1mRED?\[0mb' all-printed.txt
hostile_lap "reports on the tampered database"

for kind in measures contracts commitments returns highlights answers audit; do
	run "$SVDESK" --db hdb.db export $kind
	mv out "export-$kind-stdout.csv"
	scan_csv "export $kind to stdout (status $RC): no escape, control or C1" "export-$kind-stdout.csv"
	scan_plain "... stderr clean" err
	run "$SVDESK" --db hdb.db export $kind -o "export-$kind.csv"
	scan_csv "export $kind -o FILE (status $RC): the same" "export-$kind.csv"
	scan_plain "... stderr clean" err
done
check "exports keep bidi characters as data" grep -q "$(printf '\342\200\256')" export-contracts.csv
check "... and write an escape as ? (xTI01:a?[31;1mRED?[0mb)" grep -q 'xTI01:a?\[31;1mRED?\[0mb' export-contracts.csv
check "... and a raw C1 byte as ? (xTI11:a?31m?0;T?b)" grep -q 'xTI11:a?31m?0;T?b' export-contracts.csv
run "$SVDESK" --db hdb.db chase
scan_plain "chase (status $RC): stdout and stderr clean" out err
check "... names the suppliers (xSU)" grep -q "xSU[0-9][0-9]:" out
run "$SVDESK" --db hdb.db chase --format csv
mv out chase.csv
scan_csv "chase --format csv (status $RC): CSV clean" chase.csv
scan_plain "... stderr clean" err
run "$SVDESK" --db hdb.db check
check "check finds the changes made outside svdesk (status 3)" rc_is 3
scan_plain "... its findings on stdout and stderr: clean" out err
check "... and names the contracts (xRF)" grep -q "xRF[0-9][0-9]:" out
mkdir tpl
run "$SVDESK" --db hdb.db export template --quarter 2026/27-Q2 -o tpl
scan_plain "export template (status $RC): stdout and stderr clean" out err
ls tpl > tpl.names
scan_plain "... the file names made from the suppliers' names: clean" tpl.names
# shellcheck disable=SC2046
scan_csv "... the templates: CSV clean" $(for f in tpl/*.csv; do echo "$f"; done)
run "$SVDESK" --db hdb.db export template --quarter 2026/27-Q2 -o tpl --supplier "$(printf 'supNM8\033]52;c;eA==\007')"
scan_plain "export template --supplier with OSC 52 in the name (status $RC): stderr clean" out err
check "... and the name shown" grep -q 'supNM8' err
run "$SVDESK" --db hdb.db backup "$(printf 'bakNM9\033[c.db')"
scan_plain "backup to a file name with ESC [c (status $RC): stdout and stderr clean" out err
hostile_lap "exports, chase, check, templates"

# ---- the configuration ------------------------------------------------------
# config NAME LINE... : a configuration file of those lines
config() {
	f=$1
	shift
	printf '%s\n' "$@" > "$f"
}
config c-bidi.ini "[organisation]" "name = Org $(printf '\342\200\256')RLO"
config c-esc.ini "[organisation]" "name = Org $(printf '\033]0;T\007')OSC"
config c-c1.ini "[organisation]" "name = Org $(printf '\302\233')C1"
config c-raw.ini "[organisation]" "name = Org $(printf '\233\300\257')raw"
config c-zw.ini "[organisation]" "name = Org $(printf '\342\200\213')ZW"
config c-long.ini "[organisation]" "name = $(payload 19)"
config c-section.ini "[organisation]" "name = ok" "[print$(printf '\033[6n')]"
config c-print.ini "[print]" "command = cat $(printf '\033[c')"
cp c-bidi.ini "$(printf 'cfgNM7\033]0;T\007.ini')"
for c in c-bidi c-esc c-c1 c-raw c-zw c-long c-section c-print "$(printf 'cfgNM7\033]0;T\007')"; do
	run "$SVDESK" --config "$c.ini" --db hdb.db report fgb
	case $c in
	c-*) shown=$c ;;
	*) shown='cfgNM7?]0;T?' ;;      # the file name, neutralised
	esac
	check "configuration $shown: refused (status 78) at FILE:LINE" \
		sh -c "[ $RC = 78 ] && grep -qF 'svdesk: $shown.ini:' err"
	scan_plain "... the message shows no raw control byte" out err
done
# the longest name a configuration line holds, in the title block of
# every report
org="ORGNM $(printf '%0900d' 0 | tr 0 O)"
config c-org.ini "[organisation]" "name = $org" "[print]" "command = cat > org-printed.txt"
run "$SVDESK" --config "$WORK/c-org.ini" --db hdb.db report fgb --print
check "a 906-character organisation name: printed (status $RC)" rc_is 0
scan_plain "... the printed text is clean" org-printed.txt
check "... and shows the name" grep -q "ORGNM" org-printed.txt
hostile_lap "the configuration"

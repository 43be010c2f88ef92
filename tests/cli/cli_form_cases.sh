#!/bin/sh
# form cases, the importer's side: each case of tests/data/form_cases.tsv
# (a good row of its kind with one field replaced) makes a one-row file,
# and `svdesk import KIND FILE --dry-run` refuses it with
# "FILE:2:COLUMN: FIELD: MESSAGE", MESSAGE the case's exact text: the same
# words a form at the desk gives for the same value (tests/unit/test_record.c
# checks the desk's side with the same table).  A supplier's name is the
# contracts file's supplier column.
. "$top_srcdir/tests/lib.sh"

cases=$top_srcdir/tests/data/form_cases.tsv
"$SVDESK" init --db sv.db >/dev/null || exit 99

# The files: base.csv (the contract the cases name), and for case N
# case_N.csv, case_N.kind (the import kind) and case_N.want (the column
# name, a tab, the message).  Values expanded: {C*N}, {U+XXXX}.
LC_ALL=C awk -F '\t' '
function utf8(cp) {
	if (cp < 128) return sprintf("%c", cp)
	if (cp < 2048) return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
	return sprintf("%c%c%c", 224 + int(cp / 4096), 128 + int(cp / 64) % 64, 128 + cp % 64)
}
function hex(s,   i, v) {
	v = 0
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
	return v
}
function expand(s,   out, c, n, close_at) {
	out = ""
	while (s != "") {
		if (match(s, /^\{.\*[0-9]+\}/)) {
			c = substr(s, 2, 1)
			n = substr(s, 4, RLENGTH - 4) + 0
			while (n-- > 0) out = out c
			s = substr(s, RLENGTH + 1)
		} else if (match(s, /^\{U\+[0-9A-Fa-f]+\}/)) {
			out = out utf8(hex(substr(s, 4, RLENGTH - 4)))
			s = substr(s, RLENGTH + 1)
		} else {
			out = out substr(s, 1, 1)
			s = substr(s, 2)
		}
	}
	return out
}
function cell(v) {
	if (v ~ /[",\r\n]/ || v ~ /^[ \t]/ || v ~ /[ \t]$/) {
		gsub(/"/, "\"\"", v)
		return "\"" v "\""
	}
	return v
}
# the row of kind k with the fields of f[] (cols: the header order)
function row(k,   i, line, n, name) {
	n = split(cols[k], name, ",")
	line = ""
	for (i = 1; i <= n; i++)
		line = line (i > 1 ? "," : "") cell(f[name[i]])
	return line
}
BEGIN {
	cols["contract"] = "ref,title,supplier,body,value,start,end,sv_weight,manager,status," \
		"award_report,living_wage,living_wage_date,living_wage_note,modern_slavery," \
		"modern_slavery_date,modern_slavery_note"
	cols["commitment"] = "contract,measure,year,target,note"
	cols["answer"] = "contract,topic,answer"
	file["contract"] = "contracts"; file["supplier"] = "contracts"
	file["commitment"] = "commitments"; file["answer"] = "answers"
}
/^#/ || /^$/ { next }
$1 == "base" { base[$3] = expand($4); next }
$1 == "good" { good[$2, $3] = expand($4); goodk[$2] = 1; next }
{
	k = $1; field = $2; col = field
	if (k == "supplier") { k = "contract"; col = "supplier" }
	split(cols[k], name, ",")
	for (i in f) delete f[i]
	for (i in name) f[name[i]] = good[k, name[i]]
	f[col] = expand($3)
	if (NF >= 5) {
		n = split($5, w, ";")
		for (i = 1; i <= n; i++) {
			eq = index(w[i], "=")
			f[substr(w[i], 1, eq - 1)] = expand(substr(w[i], eq + 1))
		}
	}
	N++
	out = "case_" N
	print cols[k] > (out ".csv"); print row(k) >> (out ".csv"); close(out ".csv")
	print file[$1] > (out ".kind"); close(out ".kind")
	printf "%s\t%s\n", col, $4 > (out ".want"); close(out ".want")
}
END {
	for (i in f) delete f[i]
	for (i in base) f[i] = base[i]
	print cols["contract"] > "base.csv"; print row("contract") >> "base.csv"
	print N > "count"
}' "$cases" || exit 99

run "$SVDESK" import contracts base.csv --db sv.db
check "the base contract is imported" rc_is 0

# does this svdesk import questionnaire answers?
"$SVDESK" import answers /dev/null --db sv.db --dry-run 2>answers.err >/dev/null
answers=yes
grep -q "answers" answers.err && grep -qi "kind\|unknown\|not a" answers.err && answers=no

n=$(cat count)
check "the table has cases" [ "$n" -ge 40 ]
skipped=0
i=1
while [ "$i" -le "$n" ]; do
	kind=$(cat "case_$i.kind")
	IFS='	' read -r col msg < "case_$i.want"
	if [ "$kind" = answers ] && [ "$answers" = no ]; then
		skipped=$((skipped + 1))
		i=$((i + 1))
		continue
	fi
	run "$SVDESK" import "$kind" "case_$i.csv" --db sv.db --dry-run
	# the fault's line with its position taken off: exactly FIELD: MESSAGE
	sed -n "s/^case_$i\\.csv:2:[0-9][0-9]*: //p" "$WORK/err" > got
	if [ "$RC" != 0 ] && grep -qxF -- "$col: $msg" got; then
		ok "$kind case $i: $col refused: $msg"
	else
		not_ok "$kind case $i: $col refused: $msg" "status: $RC" \
			"row: $(tail -n 1 "case_$i.csv" | head -c 200)" \
			"stderr: $(head -c 600 "$WORK/err")"
	fi
	i=$((i + 1))
done
if [ "$skipped" -gt 0 ]; then
	T_N=$((T_N + 1))
	echo "ok $T_N - # SKIP $skipped answer cases: this svdesk does not import answers yet"
fi

# the base is untouched by the dry runs, and the good rows import
check "dry runs wrote nothing" [ "$(sql sv.db 'SELECT count(*) FROM contract')" = 1 ]

done_testing

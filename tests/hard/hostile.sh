#!/bin/sh
# Hostile text through every path: escape sequences (CSI, OSC title and
# clipboard, DCS, terminal queries), C0 and C1 controls (as code points and
# as raw bytes), bidi and zero-width characters, line and paragraph
# separators, a byte-order mark, 10,000-character texts and invalid UTF-8
# (overlong, surrogates, truncated), each behind a visible marker.
#
#  1. import: every text column of every CSV kind; what spec.md "CSV files"
#     refuses is refused at FILE:LINE:COLUMN with nothing written, and the
#     message shows no raw control byte; bidi, zero-width and separator
#     characters are stored as they are and export and import back unchanged;
#  2. a database written by another tool holds every payload in every text
#     column that reaches a screen or a report (tests/hard/hostile_db.sh);
#  3. the desk in a real pseudo-terminal (TERM=xterm-256color and linux)
#     through every view, page, form and pick list; reports printed from
#     the CLI and the desk, written as text and CSV, exports, chase, check;
#     the configuration and file names that reach messages.
# tests/hard/bytescan checks every byte written to the terminal, the print
# command, stdout and stderr: no escape sequence svdesk did not make, no
# control, C1, bidi or zero-width character from the data.
#
# Environment: HOSTILE_LONG (characters of the long payload, 10000),
# HOSTILE_CONTRACTS (contracts of the demo database, 60).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/hard/hostile_lib.sh"

BYTESCAN="$top_builddir/tests/hard/bytescan"
PTYKEYS="$top_builddir/tests/pty/ptykeys"
export SVDESK_NOW=2026-11-27
export LC_ALL=C.UTF-8
: "${HOSTILE_CONTRACTS:=60}"
t_start=$(date +%s.%N)
hostile_lap() {
	awk -v a="$t_start" -v b="$(date +%s.%N)" -v w="$1" 'BEGIN { printf "# %s: %.1f s so far\n", w, b - a }'
}

[ -x "$BYTESCAN" ] && [ -x "$PTYKEYS" ] ||
	{ echo "1..0 # SKIP tests/hard/bytescan and tests/pty/ptykeys are not built (make check builds them)"; exit 0; }

# The scanner finds what it must (a scan that finds nothing proves
# nothing otherwise).
printf 'a\033]0;T\007b\n' > probe.osc
printf 'a\033[6n\n' > probe.query
printf 'a\342\200\256b\n' > probe.bidi
printf 'a\233b\n' > probe.c1
printf '\033[?1049h\033[1;1H\033[0;1mtext\033(B\033[m\r\n' > probe.curses
! "$BYTESCAN" term xterm-256color probe.osc >/dev/null &&
	! "$BYTESCAN" term xterm-256color probe.query >/dev/null &&
	! "$BYTESCAN" term linux probe.bidi >/dev/null &&
	! "$BYTESCAN" plain probe.c1 >/dev/null &&
	! "$BYTESCAN" plain probe.curses >/dev/null &&
	"$BYTESCAN" term xterm-256color probe.curses >/dev/null
check "bytescan finds an OSC, a query, a bidi override and a raw C1 byte, and passes what curses sends" [ $? = 0 ]

# ---- 1. import --------------------------------------------------------------

"$SVDESK" init --db imp.db >/dev/null 2>&1 || exit 99
printf 'ref,title,supplier,body,value,start,end,sv_weight\nC-0,Base,Base Ltd,OPCC,1000,2025-04-01,2027-03-31,10\n' > base.csv
"$SVDESK" --db imp.db import contracts base.csv >/dev/null || exit 99
codes=$(sqlite3 imp.db "SELECT code FROM measure WHERE id IN (SELECT measure_id FROM proxy_value)
	AND unit <> 'percent' ORDER BY id LIMIT 25")
{
	echo "contract,measure,year,target"
	for c in $codes; do echo "C-0,$c,2025/26,5"; done
} > base_commit.csv
"$SVDESK" --db imp.db import commitments base_commit.csv >/dev/null || exit 99
# the Nth measure code (1-based) in $CODE_N
i=0
for c in $codes; do
	i=$((i + 1))
	eval "CODE_$i=$c"
done
hostile_load

dbsum() { sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1; }

# row KIND COLUMN LINE CELL: one valid row of KIND whose COLUMN is CELL
# (quoted); the others vary with LINE so that rows never collide.
row() {
	k=$1 col=$2 n=$3 v=$4
	case $k in
	contracts)
		r="R-$n" t="Title $n" s="Supplier $n" m="Manager" a="Award" lw="Paid" ms="Checked"
		case $col in
		ref) r=$v ;; title) t=$v ;; supplier) s=$v ;; manager) m=$v ;;
		award_report) a=$v ;; living_wage_note) lw=$v ;; modern_slavery_note) ms=$v ;;
		esac
		echo "$r,$t,$s,OPCC,1000,2025-04-01,2027-03-31,10,$m,$a,yes,$lw,no,$ms" ;;
	measures)
		th="Jobs" o="Outcome $n" c="HX$n" t="Measure $n"
		case $col in
		theme) th=$v ;; outcome) o=$v ;; code) c=$v ;; title) t=$v ;;
		esac
		echo "$th,$o,$c,$t,count,1.00" ;;
	commitments)
		echo "C-0,$(eval echo \$CODE_$(( (n - 2) % 25 + 1 ))),2026/27,5,$v" ;;
	returns)
		echo "C-0,2025/26-Q$(( (n - 2) % 4 + 1 )),$(eval echo \$CODE_$(( (n - 2) / 4 % 25 + 1 ))),3,$v" ;;
	decisions)
		rs="Not enough" by="A. Auditor"
		case $col in reason) rs=$v ;; validated_by) by=$v ;; esac
		echo "C-0,2025/26-Q$(( (n - 2) % 4 + 1 )),$(eval echo \$CODE_$(( (n - 2) / 4 % 25 + 1 ))),3,Sheets,2025-10-06,rejected,,$by,2025-10-10T09:00:00Z,$rs" ;;
	highlights)
		echo "2025/26,C-0,OPCC,$v" ;;
	answers)
		topics="design_out_crime local_plan reoffending"   # the text ones
		by="A. Clerk"
		[ "$col" = recorded_by ] && by=$v
		a="Answer"
		[ "$col" = answer ] && a=$v
		set -- $topics
		shift $(( (n - 2) % 3 ))
		echo "C-0,$1,$a,$by,2025-10-10T09:00:00Z" ;;
	esac
}

header() {
	case $1 in
	contracts) echo "ref,title,supplier,body,value,start,end,sv_weight,manager,award_report,living_wage,living_wage_note,modern_slavery,modern_slavery_note" ;;
	measures) echo "theme,outcome,code,title,unit,proxy" ;;
	commitments) echo "contract,measure,year,target,note" ;;
	returns) echo "contract,quarter,measure,delivered,evidence" ;;
	decisions) echo "contract,quarter,measure,delivered,evidence,submitted,status,validated,validated_by,validated_at,reason" ;;
	highlights) echo "year,contract,body,text" ;;
	answers) echo "contract,topic,answer,recorded_by,recorded_at" ;;
	esac
}

import_kind() {
	case $1 in decisions) echo returns ;; *) echo "$1" ;; esac
}

# The text columns of each kind (the key columns, ref and code, only for
# what must be refused: a key is matched exactly as written).
columns() {
	case $1 in
	contracts) echo "ref title supplier manager award_report living_wage_note modern_slavery_note" ;;
	measures) echo "theme outcome code title" ;;
	commitments) echo "note" ;;
	returns) echo "evidence" ;;
	decisions) echo "reason validated_by" ;;
	highlights) echo "text" ;;
	answers) echo "answer recorded_by" ;;
	esac
}

# One file a kind and column with every refused payload, one a row: each
# row refused at its own line and column, the file as a whole refused, the
# database unchanged, stderr clean.
for kind in contracts measures commitments returns decisions highlights answers; do
	for col in $(columns $kind); do
		f="bad-$kind-$col.csv"
		header $kind > "$f"
		n=1
		for p in $HOSTILE_REJECTED; do
			n=$((n + 1))
			eval "row $kind $col $n \"\\\"$col$p:\$PL_$p\\\"\"" >> "$f"
		done
		before=$(dbsum imp.db)
		run "$SVDESK" --db imp.db import "$(import_kind $kind)" "$f"
		missing=
		n=1
		for p in $HOSTILE_REJECTED; do
			n=$((n + 1))
			grep -Eq "^$f:$n:[0-9]+: $col: " err || missing="$missing $p"
		done
		check "import $kind: $col: each refused payload is named at $f:LINE:COLUMN: $col:" \
			[ -z "$missing" ]
		[ -z "$missing" ] || echo "#   not named:$missing"
		check "import $kind: $col: the file is refused (status 3), nothing written" \
			sh -c "[ $RC = 3 ] && [ '$before' = '$(dbsum imp.db)' ]"
		scan_plain "import $kind: $col: stdout and stderr show no raw control byte" out err
	done
done
hostile_lap "refused imports"

# The same columns with bidi, zero-width and separator characters: stored
# byte for byte.  (Row numbers go on from 200 so that no two rows of the
# run share a key.)
gn=200
for kind in contracts measures commitments returns decisions highlights answers; do
	for col in $(columns $kind); do
		case $col in ref|code|theme) continue ;; esac
		f="good-$kind-$col.csv"
		header $kind > "$f"
		for p in $HOSTILE_ACCEPTED; do
			gn=$((gn + 1))
			n=$gn
			eval "row $kind $col $n \"\\\"$col$p:\$PL_$p\\\"\"" >> "$f"
		done
		run "$SVDESK" --db imp.db import "$(import_kind $kind)" "$f"
		check "import $kind: $col: bidi, zero-width and separators are accepted (status $RC)" rc_is 0
		scan_plain "import $kind: $col: stdout and stderr show none of them" out err
		case $kind in
		contracts) q="SELECT hex($col) FROM contract c JOIN supplier s ON s.id = c.supplier_id" ;;
		measures) q="SELECT hex(m.title), hex(o.text) FROM measure m JOIN outcome o ON o.id = m.outcome_id" ;;
		commitments) q="SELECT hex(note) FROM commitment" ;;
		returns) q="SELECT hex(evidence) FROM return_line" ;;
		decisions) q="SELECT hex(reason), hex(validated_by) FROM return_line" ;;
		highlights) q="SELECT hex(text) FROM highlight" ;;
		answers) q="SELECT hex(answer), hex(recorded_by) FROM questionnaire_answer" ;;
		esac
		[ "$col" = supplier ] && q="SELECT hex(name) FROM supplier"
		sql imp.db "$q" | tr '|' '\n' > stored
		lost=
		for p in $HOSTILE_ACCEPTED; do
			h=$(printf '%s%s:' "$col" "$p"; pl $p)
			h=$(printf '%s' "$h" | hexof | tr a-f A-F)
			grep -qx "$h" stored || lost="$lost $p"
		done
		check "import $kind: $col: stored byte for byte" [ -z "$lost" ]
		[ -z "$lost" ] || echo "#   changed:$lost"
	done
done

# The decisions file's history import is a returns import: its lines are
# in the database now, so the exports carry every accepted text.  Each
# export imports back unchanged into a new database.
"$SVDESK" init --db back.db >/dev/null 2>&1 || exit 99
same=1
for kind in measures contracts commitments returns highlights answers; do
	"$SVDESK" --db imp.db export $kind -o "exp-$kind.csv" 2>err || same=0
	"$SVDESK" --db back.db import $kind "exp-$kind.csv" >/dev/null 2>>err.back || same=0
	"$SVDESK" --db back.db export $kind -o "exp2-$kind.csv" 2>/dev/null || same=0
	cmp -s "exp-$kind.csv" "exp2-$kind.csv" || { same=0; echo "# export $kind differs after a round trip"; }
done
check "exports keep bidi and zero-width characters as data and import back unchanged" [ $same = 1 ]
check "... the exports hold them" grep -q "$(printf '\342\200\256')" exp-contracts.csv
hostile_lap "accepted imports and the round trip"

# A file name with an escape sequence, a C1 control and a bidi override in
# it, in the messages of an import that fails and of one that cannot open.
evil=$(printf 'fileNM1\033]0;T\007\302\233\342\200\256.csv')
cp bad-contracts-title.csv "$evil"
run "$SVDESK" --db imp.db import contracts "$evil"
check "a file name with controls: the import is refused (status 3)" rc_is 3
check "... its messages name the file, neutralised (fileNM1?]0;T???.csv:2:)" grep -q '^fileNM1?\]0;T???\.csv:2:' err
scan_plain "... stderr shows no raw control byte" out err
run "$SVDESK" --db imp.db import contracts "$(printf 'nofileNM2\033[6n\233.csv')"
check "a file that cannot be opened: status 1 and its name shown" sh -c "[ $RC = 1 ] && grep -q 'nofileNM2?\[6n?.csv' err"
scan_plain "... stderr shows no raw control byte" out err
run "$SVDESK" --db "$(printf 'dbNM3\033]52;c;eA==\007/x.db')" check
scan_plain "a database path with OSC 52 in it: stderr clean (status $RC)" out err
check "... and the path is named" grep -q 'dbNM3' err
run "$SVDESK" "$(printf -- '--optNM4\033[c')"
check "an unknown option with ESC [c: status 2, the option named" sh -c "[ $RC = 2 ] && grep -q 'optNM4' err"
scan_plain "... stderr shows no raw control byte" out err
run "$SVDESK" --db imp.db report "$(printf 'boardNM5\302\235\342\200\256')"
check "an unknown board with C1 and bidi: status 2" rc_is 2
scan_plain "... stderr shows no raw control byte" out err
long=$(payload 19)
run "$SVDESK" --db imp.db import contracts "nofileNM6$long.csv"
check "a $HOSTILE_LONG-character file name: status 1, named" sh -c "[ $RC = 1 ] && grep -q nofileNM6 err"
scan_plain "... stderr clean" out err
hostile_lap "file names and arguments"

. "$top_srcdir/tests/hard/hostile_db.sh"
. "$top_srcdir/tests/hard/hostile_desk.sh"
. "$top_srcdir/tests/hard/hostile_cli.sh"

hostile_lap "hostile.sh in all"
# the processor time (this shell and its children: user and system), which
# a busy machine does not stretch as it does the time on the clock
times > times.out
sed -n 2p times.out | awk '{ print "# processor time of the test: user " $1 ", system " $2 }'
done_testing

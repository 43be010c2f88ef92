#!/bin/sh
# Forms at the desk: add, edit and cancel a contract, a supplier and a
# commitment (golden screens of headless runs at 80x24, and one at 60x12),
# with the database checked after each save (the value stored, one audit
# entry of origin desk, `svdesk check audit` clean); a bad value of every
# field type with its message; a refused delete of a record that others
# depend on, and deletes that go through; an edit refused because another
# desk changed the record after the form opened.  Then the form's side of
# tests/data/form_cases.tsv: each value the importer refuses is refused by
# the form, at its field, with the same message.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden/forms"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

normalise() {
	sed -e "1{s/ $me / USER /;s/   */  /g}" \
	    -e "s/ by $me at [0-9/]* [0-9:]*/ by USER at DD\/MM\/YYYY HH:MM/"
}

"$SVDESK" demo --db demo.db >/dev/null || exit 99

# typ TEXT: the key tokens that type TEXT, one a character
typ() {
	printf '%s' "$1" | LC_ALL=C.UTF-8 sed -e 's/./&\n/g' |
		LC_ALL=C.UTF-8 sed -e '/^$/d' -e 's/^ $/<Space>/' -e 's/^<$/<lt>/' | tr '\n' ' '
}

# tabs N: N times <Tab>
tabs() {
	i=0
	while [ "$i" -lt "$1" ]; do
		printf '<Tab> '
		i=$((i + 1))
	done
}

# form NAME SIZE KEYS: a fresh copy of the demo database (NAME.db), the
# keys run, the screen compared with golden/forms/NAME.txt; stderr (the
# footer's messages) in NAME.err
form() {
	name=$1 size=$2
	cp demo.db "$name.db"
	printf '%s\n' "$3" > "$name.keys"
	LC_ALL=C.UTF-8 "$SVDESK" --db "$name.db" --keys "$name.keys" --size "$size" \
		--dump "$name.raw" >/dev/null 2>"$name.err" </dev/null
	rc=$?
	if [ "$rc" != 0 ]; then
		not_ok "$name ($size): svdesk exits 0" "status $rc" "$(cat "$name.err")"
		return
	fi
	golden_compare "$name" "$size"
}

# audited NAME ACTION ENTITY: the last audit entry is ACTION on ENTITY,
# made at the desk by the login, and the audit chain checks clean
audited() {
	check "$1: audited ($2 $3, origin desk, by the login)" \
		[ "$(sql "$1.db" "SELECT action || ' ' || entity || ' ' || origin || ' ' || who
			FROM audit ORDER BY id DESC LIMIT 1")" = "$2 $3 desk $me" ]
	run "$SVDESK" check audit --db "$1.db"
	check "$1: svdesk check audit is clean" rc_is 0
}

entries() { sql "$1.db" "SELECT count(*) FROM audit"; }
base=$(entries demo)

# ---- contracts ------------------------------------------------------------------
first_ref=$(sql demo.db "SELECT ref FROM contract ORDER BY ref LIMIT 1")
first_title=$(sql demo.db "SELECT title FROM contract ORDER BY ref LIMIT 1")

form contract_add_80x24 80x24 'A'
new_contract="$(typ WMP-2026-900) <Tab> $(typ 'Night patrol vans') <Tab> $(typ 'Acme Vans Ltd') <Tab>
	W <Enter> <Tab> $(typ 25000) <Tab> $(typ 2026-04-01) <Tab> $(typ 2027-03-31) <Tab>
	$(typ 12.5) <Tab> $(typ 'Jo Bloggs') <Tab> <Tab> $(typ AR-77) <Tab> y <Enter> <Tab>
	$(typ 2026-05-01)"
form contract_add_filled_80x24 80x24 "A $new_contract"
form contract_add_saved_80x24 80x24 "A $new_contract <Enter>"
check "contract_add_saved: stored as typed" \
	[ "$(sql contract_add_saved_80x24.db "SELECT c.title || '|' || s.name || '|' || c.body || '|' ||
		c.value || '|' || c.start_date || '|' || c.end_date || '|' || c.sv_weight || '|' ||
		c.manager || '|' || c.award_report || '|' || c.living_wage || '|' ||
		c.living_wage_date || '|' || c.status
		FROM contract c JOIN supplier s ON s.id = c.supplier_id WHERE c.ref = 'WMP-2026-900'")" \
	  = 'Night patrol vans|Acme Vans Ltd|WMP|2500000|2026-04-01|2027-03-31|125|Jo Bloggs|AR-77|yes|2026-05-01|active' ]
check "contract_add_saved: the new supplier is added" \
	[ "$(sql contract_add_saved_80x24.db "SELECT count(*) FROM supplier WHERE name = 'Acme Vans Ltd'")" = 1 ]
check "contract_add_saved: the footer names it" \
	grep -q '^status: saved contract WMP-2026-900$' contract_add_saved_80x24.err
audited contract_add_saved_80x24 insert contract

form contract_edit_80x24 80x24 'E'
form contract_edit_saved_80x24 80x24 "E <Tab> <C-u> $(typ 'Renamed services') <Enter>"
check "contract_edit_saved: the title stored" \
	[ "$(sql contract_edit_saved_80x24.db "SELECT title FROM contract WHERE ref = '$first_ref'")" = 'Renamed services' ]
audited contract_edit_saved_80x24 update contract
# Esc without a change leaves at once; with one it asks first
form contract_cancel_80x24 80x24 'E <Tab> <Esc>'
form contract_discard_ask_80x24 80x24 'E <Tab> x <Esc>'
form contract_discard_no_80x24 80x24 'E <Tab> x <Esc> n'
form contract_discard_yes_80x24 80x24 'E <Tab> x <Esc> y'
for n in contract_cancel_80x24 contract_discard_ask_80x24 contract_discard_yes_80x24; do
	check "$n: nothing written" [ "$(entries $n)" = "$base" ]
	check "$n: the title as it was" \
		[ "$(sql $n.db "SELECT title FROM contract WHERE ref = '$first_ref'")" = "$first_title" ]
done
# close a contract (status): E, to Status, c for closed
form contract_close_80x24 80x24 "E $(tabs 9) c l <Enter> <Enter>"
check "contract_close: closed" \
	[ "$(sql contract_close_80x24.db "SELECT status FROM contract WHERE ref = '$first_ref'")" = closed ]
audited contract_close_80x24 update contract

# a bad value of every field type: text (required), ref (too long), body,
# money, date, dates across fields, percent, status, yes/no; Enter counts
# the problems and goes to the first
bad="$(printf 'R %.0s' $(seq 64)) <Tab> <Tab> $(typ 'Acme Vans Ltd') <Tab>
	$(typ Police) <Tab> $(typ abc) <Tab> $(typ 31/01/2025) <Tab> $(typ 2025-02-30) <Tab>
	$(typ 101) <Tab> <Tab> $(typ open) <Tab> <Tab> $(typ maybe) <Tab> $(typ 2025-13-01) <Tab>"
form contract_bad_80x24 80x24 "A $bad <Enter>"
form contract_bad_end_80x24 80x24 "A $bad <Enter> <S-Tab>"
check "contract_bad: not saved, the problems counted" \
	grep -q '^status: not saved: 10 problems$' contract_bad_80x24.err
check "contract_bad: nothing written" [ "$(entries contract_bad_80x24)" = "$base" ]
form contract_bad_60x12 60x12 "A $bad <Enter>"
form contract_scroll_60x12 60x12 "A $(tabs 12)"
form contract_new_supplier_60x12 60x12 "A <Tab> <Tab> $(typ 'Zed Ltd')"

# a title with a bidi override (from an import) that the editor cannot
# hold: passing through the field changes nothing, so Esc just leaves
printf 'ref,title,supplier,body,value,start,end,sv_weight\n' > bidi.csv
printf 'WMP-2025-101,Fleet \342\200\256gnirevil\342\200\254 services,Acme Fleet Ltd,WMP,100,2025-04-01,2028-03-31,5\n' >> bidi.csv
{ "$SVDESK" init --db bidi.db && "$SVDESK" import contracts bidi.csv --db bidi.db; } >/dev/null || exit 99
printf 'E <Tab> <Tab> <Esc>\n' > bidi.keys
LC_ALL=C.UTF-8 "$SVDESK" --db bidi.db --keys bidi.keys --size 80x24 --dump bidi.raw \
	>/dev/null 2>bidi.err </dev/null
check "a field passed through is not changed: Esc leaves without a question" \
	sh -c "! grep -q 'discard changes' bidi.raw && grep -q '^WMP-2025-101 ' bidi.raw"

# ---- suppliers ------------------------------------------------------------------
first_supplier=$(sql demo.db "SELECT name FROM supplier ORDER BY name LIMIT 1")
form supplier_add_80x24 80x24 '3 A'
form supplier_add_saved_80x24 80x24 "3 A $(typ 'Zenith Patrol Supplies Ltd') <Enter>"
check "supplier_add_saved: stored" \
	[ "$(sql supplier_add_saved_80x24.db "SELECT count(*) FROM supplier WHERE name = 'Zenith Patrol Supplies Ltd'")" = 1 ]
audited supplier_add_saved_80x24 insert supplier
form supplier_edit_80x24 80x24 '3 E'
form supplier_edit_saved_80x24 80x24 "3 E <C-u> $(typ 'Aardvark Renamed Ltd') <Enter>"
check "supplier_edit_saved: renamed" \
	[ "$(sql supplier_edit_saved_80x24.db "SELECT count(*) FROM supplier WHERE name = 'Aardvark Renamed Ltd'")" = 1 ]
audited supplier_edit_saved_80x24 update supplier
form supplier_cancel_80x24 80x24 '3 E <Esc>'
form supplier_discard_ask_80x24 80x24 '3 E x <Esc>'
form supplier_discard_yes_80x24 80x24 '3 E x <Esc> y'
for n in supplier_cancel_80x24 supplier_discard_yes_80x24; do
	check "$n: nothing written" [ "$(entries $n)" = "$base" ]
	check "$n: the name as it was" \
		[ "$(sql $n.db "SELECT name FROM supplier ORDER BY name LIMIT 1")" = "$first_supplier" ]
done
form supplier_bad_80x24 80x24 '3 A <Enter>'
form supplier_edit_60x12 60x12 '3 E'

# ---- commitments ----------------------------------------------------------------
cm_contract=$(sql demo.db "SELECT ref FROM contract ORDER BY ref LIMIT 1")
form commitment_add_80x24 80x24 '<Enter> A'
form commitment_add_saved_80x24 80x24 "<Enter> A $(typ NT10) <Enter> <Tab> <Tab> 8 <Tab> $(typ 'Two apprentices') <Enter>"
check "commitment_add_saved: stored, with the current set's proxy" \
	[ "$(sql commitment_add_saved_80x24.db "SELECT m.code || '|' || k.year || '|' || k.target || '|' ||
		k.note || '|' || (k.proxy_set_id IS NOT NULL)
		FROM commitment k JOIN measure m ON m.id = k.measure_id
		JOIN contract c ON c.id = k.contract_id
		WHERE c.ref = '$cm_contract' ORDER BY k.id DESC LIMIT 1")" = 'NT10|2026|800|Two apprentices|1' ]
audited commitment_add_saved_80x24 insert commitment
form commitment_edit_80x24 80x24 '<Enter> E'
form commitment_edit_saved_80x24 80x24 '<Enter> E <C-u> 9 <Enter>'
cm_id=$(sql demo.db "SELECT k.id FROM commitment k JOIN contract c ON c.id = k.contract_id
	JOIN measure m ON m.id = k.measure_id WHERE c.ref = '$cm_contract' AND k.year = 2026
	ORDER BY m.code LIMIT 1")
check "commitment_edit_saved: the target stored" \
	[ "$(sql commitment_edit_saved_80x24.db "SELECT target FROM commitment WHERE id = $cm_id")" = 900 ]
audited commitment_edit_saved_80x24 update commitment
form commitment_cancel_80x24 80x24 '<Enter> E <Esc>'
form commitment_discard_ask_80x24 80x24 '<Enter> E 1 <Esc>'
form commitment_discard_yes_80x24 80x24 '<Enter> E 1 <Esc> y'
for n in commitment_cancel_80x24 commitment_discard_yes_80x24; do
	check "$n: nothing written" [ "$(entries $n)" = "$base" ]
done
form commitment_edit_60x12 60x12 '<Enter> E'
form commitment_bad_80x24 80x24 "<Enter> A $(typ ZZ99) <Tab> $(typ 2025/27) <Tab> $(typ 1.234) <Enter>"
# E on the commitment's own page; the contract's own line: E edits the contract
form commitment_page_edit_80x24 80x24 '<Enter> <Enter> E'
form contract_page_edit_80x24 80x24 '<Enter> k E'

# ---- deletes --------------------------------------------------------------------
form contract_delete_refused_80x24 80x24 'D'
check "contract_delete_refused: says what depends on it, and to close it" \
	grep -q "^status: contract $first_ref has [0-9]* commitment.*: set its status to closed instead\$" \
		contract_delete_refused_80x24.err
form supplier_delete_refused_80x24 80x24 '3 D'
form commitment_delete_refused_80x24 80x24 '<Enter> <Enter> D'
check "supplier_delete_refused: says it has contracts" \
	grep -q "^status: supplier .* has [0-9]* contracts: give them another supplier first\$" \
		supplier_delete_refused_80x24.err
check "commitment_delete_refused: says it has return lines" \
	grep -q "^status: commitment NT12 2026/27 of $first_ref has 2 return lines\$" \
		commitment_delete_refused_80x24.err
for n in contract_delete_refused_80x24 supplier_delete_refused_80x24 commitment_delete_refused_80x24; do
	check "$n: nothing written" [ "$(entries $n)" = "$base" ]
done
# what nobody depends on is deleted after the question: the supplier and
# the commitment just added
printf '%s\n' "3 / $(typ Zenith) <Enter> D" > del_ask.keys
cp supplier_add_saved_80x24.db supplier_delete_80x24.db
cp supplier_add_saved_80x24.db supplier_delete_ask_80x24.db
LC_ALL=C.UTF-8 "$SVDESK" --db supplier_delete_ask_80x24.db --keys del_ask.keys --size 80x24 \
	--dump supplier_delete_ask_80x24.raw >/dev/null 2>&1 </dev/null
golden_compare supplier_delete_ask_80x24 80x24
printf '%s\n' "3 / $(typ Zenith) <Enter> D y" > del.keys
LC_ALL=C.UTF-8 "$SVDESK" --db supplier_delete_80x24.db --keys del.keys --size 80x24 \
	--dump supplier_delete_80x24.raw >/dev/null 2>&1 </dev/null
golden_compare supplier_delete_80x24 80x24
check "supplier_delete: gone" \
	[ "$(sql supplier_delete_80x24.db "SELECT count(*) FROM supplier WHERE name LIKE 'Zenith%'")" = 0 ]
audited supplier_delete_80x24 delete supplier
new_cm=$(sql commitment_add_saved_80x24.db "SELECT max(id) FROM commitment")
cp commitment_add_saved_80x24.db commitment_delete_80x24.db
printf '%s\n' "<Enter> D y" > cmdel.keys
LC_ALL=C.UTF-8 "$SVDESK" --db commitment_delete_80x24.db --keys cmdel.keys --size 80x24 \
	--dump commitment_delete_80x24.raw >/dev/null 2>&1 </dev/null
golden_compare commitment_delete_80x24 80x24
check "commitment_delete: gone" \
	[ "$(sql commitment_delete_80x24.db "SELECT count(*) FROM commitment WHERE id = $new_cm")" = 0 ]
audited commitment_delete_80x24 delete commitment

# ---- a read-only database -------------------------------------------------------
# READ-ONLY (an audit trigger dropped outside svdesk): A, E and D say why not
cp demo.db ro.db
sqlite3 -batch ro.db "DROP TRIGGER contract_audit_update;" || exit 99
printf 'A E D\n' > ro.keys
LC_ALL=C.UTF-8 "$SVDESK" --db ro.db --keys ro.keys --size 80x24 --dump ro.raw \
	>/dev/null 2>ro.err </dev/null
check "read-only: A says why not" grep -q '^status: the database is read-only: no contract can be added$' ro.err
check "read-only: E says why not" grep -q '^status: the database is read-only: no contract can be changed$' ro.err
check "read-only: D says why not" grep -q '^status: the database is read-only: no contract can be deleted$' ro.err

# ---- a stale edit ---------------------------------------------------------------
# Desk A opens the first contract's form and presses F12 (no action: the
# footer's log says so); desk B then changes the contract and saves; A's
# save after its pause is refused naming who changed it and when, and A's
# form keeps what was typed.
mkdir stale && cp demo.db stale/demo.db
printf '%s\n' "E <F12> <Sleep:$(t_n 2500)> <Tab> <End> $(typ ' (A)') <Enter>" > stale/a.keys
printf '%s\n' "E <Tab> <C-u> $(typ 'Changed by B') <Enter>" > stale/b.keys
LC_ALL=C.UTF-8 "$SVDESK" --db stale/demo.db --keys stale/a.keys --size 80x24 \
	--dump stale_80x24.raw >/dev/null 2>stale/a.err </dev/null &
pid=$!
i=0
while ! grep -q '^status: F12: no action here' stale/a.err 2>/dev/null && [ $i -lt "$(t_n 200)" ]; do
	sleep 0.05
	i=$((i + 1))
done
LC_ALL=C.UTF-8 "$SVDESK" --db stale/demo.db --keys stale/b.keys --size 80x24 \
	--dump stale/b.raw >/dev/null 2>stale/b.err </dev/null
wait $pid
check "stale: desk B's save recorded" grep -q "^status: saved contract $first_ref\$" stale/b.err
check "stale: desk A refused, naming who changed it and when" \
	grep -q "^status: not saved: .*was changed by $me at [0-9/]* [0-9:]*; press Esc and open it again to see the change\$" stale/a.err
check "stale: B's title stands" \
	[ "$(sql stale/demo.db "SELECT title FROM contract WHERE ref = '$first_ref'")" = 'Changed by B' ]
# the notice's two lines as one: where it breaks depends on the login's length
sed -i '3{N;s/\n/ /}' stale_80x24.raw
golden_compare stale_80x24 80x24

# ---- a busy database ------------------------------------------------------------
# Another connection holds the write lock when desk A saves: A waits, says
# so, and saves once the lock is let go.
mkdir busy && cp demo.db busy/demo.db
printf '%s\n' "E <Tab> <End> x <F12> <Sleep:800> <Enter>" > busy/a.keys
LC_ALL=C.UTF-8 "$SVDESK" --db busy/demo.db --keys busy/a.keys --size 80x24 \
	--dump busy/a.raw >/dev/null 2>busy/a.err </dev/null &
pid=$!
i=0
while ! grep -q '^status: F12: no action here' busy/a.err 2>/dev/null && [ $i -lt "$(t_n 200)" ]; do
	sleep 0.05
	i=$((i + 1))
done
{ echo 'BEGIN IMMEDIATE;'; sleep 2; echo 'COMMIT;'; } | sqlite3 -batch busy/demo.db
wait $pid
check "busy: the desk waited, saying so" grep -q "^status: waiting for another desk's write ...\$" busy/a.err
check "busy: then saved" grep -q "^status: saved contract $first_ref\$" busy/a.err
check "busy: the title stored" \
	[ "$(sql busy/demo.db "SELECT title FROM contract WHERE ref = '$first_ref'")" = "${first_title}x" ]

# ---- the case table -------------------------------------------------------------
# Each case of tests/data/form_cases.tsv: the form of its kind opened, the
# fields of WITH and then the case's field typed, each left with Tab; the
# footer's log must name the message, and the screen show it under the
# field.  Values with a control character cannot be typed at all: the
# editor never takes one in (the field shows the rest).  Answers are the
# questionnaire's form's.
contract_fields='ref title supplier body value start end sv_weight manager status award_report living_wage living_wage_date living_wage_note modern_slavery modern_slavery_date modern_slavery_note'
commitment_fields='measure year target note'
supplier_fields='name'

# tokens VALUE: the keys that type VALUE with the table's notation
# expanded; ctrl=1 when a control character was left out, shown the rest
tokens() {
	v=$1 out= ctrl=0 shown=
	while [ -n "$v" ]; do
		case $v in
		'{U+'*'}'*)
			code=${v#\{U+}
			code=${code%%\}*}
			v=${v#*\}}
			ctrl=1
			;;
		'{'?'*'[0-9]*'}'*)
			c=${v#\{}
			c=${c%"${c#?}"}
			n=${v#\{?\*}
			n=${n%%\}*}
			v=${v#*\}}
			text=$(printf "%${n}s" '' | tr ' ' "$c")
			out="$out $(typ "$text")"
			shown="$shown$text"
			;;
		*)
			text=${v%%\{*}
			[ -z "$text" ] && text='{'
			v=${v#"$text"}
			out="$out $(typ "$text")"
			shown="$shown$text"
			;;
		esac
	done
}

# index FIELDS NAME: NAME's place in FIELDS (from 0), or nothing
index() {
	i=0
	for f in $1; do
		if [ "$f" = "$2" ]; then
			echo $i
			return
		fi
		i=$((i + 1))
	done
}

cp demo.db cases.db
ncase=0
set -f     # values hold * and braces: never file names
# fields split at a separator that is not white space, so that an empty
# one stays a field
us=$(printf '\037')
tr '\t' '\037' < "$top_srcdir/tests/data/form_cases.tsv" > cases.txt
while IFS="$us" read -r kind field value message with; do
	case $kind in '#'* | '' | base | good | answer) continue ;; esac
	ncase=$((ncase + 1))
	if [ -z "$message" ]; then
		not_ok "case $ncase: $kind $field has a message"
		continue
	fi
	case $kind in
	contract) open='A' fields=$contract_fields ;;
	supplier) open='3 A' fields=$supplier_fields ;;
	commitment) open='<Enter> A' fields=$commitment_fields ;;
	*) not_ok "case $ncase: kind $kind has a form" ; continue ;;
	esac
	at=$(index "$fields" "$field")
	if [ -z "$at" ]; then
		# the commitment's contract is the page's: never typed on the form
		printf '%s\n' "$open" > case.keys
		LC_ALL=C.UTF-8 "$SVDESK" --db cases.db --keys case.keys --size 80x24 \
			--dump case.raw >/dev/null 2>case.err </dev/null
		check "case $ncase: $kind $field is the contract's page's, shown and not typed" \
			sh -c "grep -q '^  Contract \*  *[A-Z]' case.raw && grep -q '^▸ Measure' case.raw"
		continue
	fi
	# the fields of WITH first (before the case's field or after it), in order
	: > plan
	if [ -n "$with" ]; then
		echo "$with" | tr ';' '\n' | while IFS='=' read -r wf wv; do
			printf '%s\t%s\n' "$(index "$fields" "$wf")" "$wv" >> plan
		done
	fi
	printf '%s\t%s\n' "$at" "$value" >> plan
	keys=$open pos=0
	for line in $(sort -n plan | tr '\t' '\001' | tr ' ' '\002'); do
		line=$(printf '%s' "$line" | tr '\002' ' ')
		fi=${line%%"$(printf '\001')"*}
		fv=${line#*"$(printf '\001')"}
		tokens "$fv"
		keys="$keys $(tabs $((fi - pos))) $out <Tab>"
		pos=$((fi + 1))
	done
	tokens "$value"
	printf '%s\n' "$keys" > case.keys
	LC_ALL=C.UTF-8 "$SVDESK" --db cases.db --keys case.keys --size 80x24 \
		--dump case.raw >/dev/null 2>case.err </dev/null
	if [ "$ctrl" = 1 ]; then
		check "case $ncase: $kind $field: a control character is never typed in" \
			grep -qF -- "$shown" case.raw
		check "case $ncase: ... and nothing is said of it" sh -c "! grep -qF 'control character' case.err"
		continue
	fi
	check "case $ncase: $kind $field \"$(printf '%.20s' "$value")\": refused with the importer's message" \
		sh -c 'grep -F -- ": $1" case.err | grep -q "^status: "' sh "$message"
	start=$(printf '%s' "$message" | cut -c1-30)
	check "case $ncase: ... shown under the field" grep -qF -- "$start" case.raw
done < cases.txt
check "the case table has cases" [ "$ncase" -gt 20 ]

done_testing

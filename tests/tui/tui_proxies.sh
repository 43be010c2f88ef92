#!/bin/sh
# The proxy sets (key 7): golden screens of the headless desk on the demo
# database with a second set imported (tests/data/good/measures.csv): the
# sets and their values side by side, a page down, the help, the question
# that c asks, the set made current (the title bar's set changes, the
# change is two audited updates and `svdesk check audit` stays clean; a
# commitment's page keeps the proxy and set it was made under), a
# no, and a read-only database refusing c.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden/proxies"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

# the login in the title bar; the imported set's creation stamp (the clock)
normalise() {
	sed -e "1{s/ $me / USER /;s/   */  /g}" \
	    -e "/  licensed /s|[0-9][0-9]/[0-9][0-9]/[0-9]\{4\} [0-9][0-9]:[0-9][0-9]|DD/MM/YYYY HH:MM|"
}

"$SVDESK" demo --db demo.db >/dev/null || exit 99
"$SVDESK" --db demo.db import measures "$top_srcdir/tests/data/good/measures.csv" \
	>/dev/null || exit 99

# screen NAME DB SIZE KEYS: run the keys on DB, compare with golden/proxies/NAME.txt
screen() {
	name=$1 db=$2 size=$3
	printf '%s\n' "$4" > "$name.keys"
	run env LC_ALL=C.UTF-8 "$SVDESK" --db "$db" --keys "$name.keys" \
		--size "$size" --dump "$name.raw"
	cp "$WORK/err" "$name.err"
	if [ "$RC" != 0 ]; then
		not_ok "$name ($size): svdesk exits 0" "status $RC" "$(cat "$WORK/err")"
		return
	fi
	golden_compare "$name" "$size"
}

current() { sql "$1" "SELECT name FROM proxy_set WHERE is_current = 1"; }
audits() { sql "$1" "SELECT count(*) FROM audit WHERE entity = 'proxy_set'"; }

check "the imported set is current" test "$(current demo.db)" = "Corpus set 2025"

# ---- the view ----------------------------------------------------------------
screen proxies_80x24 demo.db 80x24 '7'
screen proxies_132x43 demo.db 132x43 '7'
screen proxies_pgdn_80x24 demo.db 80x24 '7 <PgDn>'
screen proxies_end_80x24 demo.db 80x24 '7 <End>'
screen proxies_help_80x24 demo.db 80x24 '7 ? <End>'
screen proxies_left_80x24 demo.db 80x24 '7 <Left>'
screen already_80x24 demo.db 80x24 '7 c'
check "... c on the current set says so and asks nothing" \
	grep -q '^status: Corpus set 2025 is the current proxy set already$' already_80x24.err

# ---- making a set current ----------------------------------------------------
cp demo.db ask.db
before=$(audits ask.db)
screen confirm_80x24 ask.db 80x24 '7 <Left> c'
check "... input that ends at the question changes nothing" \
	test "$(current ask.db)" = "Corpus set 2025"
screen refused_80x24 ask.db 80x24 '7 <Left> c n'
check "... n changes nothing" test "$(current ask.db)" = "Corpus set 2025"
check "... and writes no audit entry" test "$(audits ask.db)" = "$before"

cp demo.db made.db
screen current_80x24 made.db 80x24 '7 <Left> c y'
screen current_132x43 made.db 132x43 '7'
check "y makes the illustrative set current" \
	test "$(current made.db)" = "Illustrative values 2025 (not licensed TOMs proxies)"
check "... one current set" \
	test "$(sql made.db "SELECT count(*) FROM proxy_set WHERE is_current = 1")" = 1
check "... two audited updates, by the login: the old set off, the new one on" \
	test "$(sql made.db "SELECT group_concat(entity_id || ':' || before || '>' || after, ' ')
		FROM (SELECT * FROM audit WHERE entity = 'proxy_set' AND who = '$me'
		      AND origin = 'desk' ORDER BY id DESC LIMIT 2)")" = \
	     '1:{"is_current":0}>{"is_current":1} 2:{"is_current":1}>{"is_current":0}'
check "... and nothing else" test "$(audits made.db)" = "$((before + 2))"
run "$SVDESK" --db made.db check audit
check "... svdesk check audit stays clean" rc_is 0
check "... a commitment keeps the proxy it was made under" \
	test "$(sql made.db "SELECT count(*) FROM commitment WHERE proxy IS NOT
		(SELECT proxy FROM proxy_value v WHERE v.set_id = commitment.proxy_set_id
		 AND v.measure_id = commitment.measure_id)")" = 0
# and back again: the licensed set current
screen back_80x24 made.db 80x24 '7 <Right> c y'
check "... and back to the licensed set" test "$(current made.db)" = "Corpus set 2025"
run "$SVDESK" --db made.db check audit
check "... the audit log still clean" rc_is 0
# the first contract's first commitment, made under the illustrative set
printf '%s\n' '<Enter> <Enter>' > page.keys
run env LC_ALL=C.UTF-8 "$SVDESK" --db made.db --keys page.keys --size 80x24 --dump page.raw
check "... its page shows the proxy it was made under" \
	grep -q '^Proxy  *[^ ]*22\.00 a unit$' page.raw
check "... and the set it came from, not the current one" \
	grep -q '^Proxy set  *illustrative: Illustrative values 2025' page.raw

# ---- more sets than one screen's columns: the window slides -------------------
cp demo.db many.db
i=1
while [ $i -le 10 ]; do
	printf 'theme,outcome,code,title,unit,proxy,proxy_set\nJobs,More local people in employment,NT1,Local residents employed,FTE,%d.00,Set %02d\n' \
		$((100 + i)) $i > set$i.csv
	"$SVDESK" --db many.db import measures set$i.csv >/dev/null || exit 99
	i=$((i + 1))
done
# 12 sets: the window opens on the last 8, ending on the current one
screen many_80x24 many.db 100x30 '7'
check "... the newest set is selected and current" grep -q '^> Set 10 ' many_80x24.raw
check "... the window says which sets show" \
	grep -q 'sets 5 to 12 of 12 are shown' many_80x24.raw
keys='7'
i=0
while [ $i -lt 11 ]; do keys="$keys <Left>"; i=$((i + 1)); done
screen many_first_80x24 many.db 100x30 "$keys"
check "... Left past the window's edge reaches the first set" \
	grep -q '^> Illustrative values 2025 ' many_first_80x24.raw
check "... and the window moved with it" grep -q 'sets 1 to 8 of 12 are shown' many_first_80x24.raw
screen many_make_80x24 many.db 100x30 "$keys c y"
check "... c there makes the first set current" \
	test "$(current many.db)" = "Illustrative values 2025 (not licensed TOMs proxies)"
run "$SVDESK" --db many.db check audit
check "... and the audit log stays clean" rc_is 0

# ---- READ-ONLY: a database whose audit triggers are not svdesk's ----------------
cp demo.db ro.db
sqlite3 -batch ro.db "DROP TRIGGER contract_audit_update;" || exit 99
screen readonly_80x24 ro.db 80x24 '7 <Left> c'
check "... c is refused on a read-only database" \
	grep -q '^status: the database is read-only: the current proxy set cannot change$' \
	readonly_80x24.err
check "... nothing changed" test "$(current ro.db)" = "Corpus set 2025"

done_testing

#!/bin/sh
# The OPCC questionnaire on a contract's page: golden screens of the section
# (80x24 and 60x12), the prompt of an edit (80x24 and 60x12), a saved count and a saved text,
# a bad number with the importer's message, the question before a delete
# and the delete; no section for a WMP contract; a read-only database
# refusing; another desk's change while the prompt waits refused, naming
# who.  After each write: the value stored, the entry's origin desk, and
# svdesk check audit clean.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden/answers"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

# the login in the title bar; who recorded an answer at this desk, and the
# day (the clock's, not SVDESK_NOW's); the audit entries' clock times
normalise() {
	sed -e "1{s/ $me\( \|\$\)/ USER\1/;s/   */  /g}" \
	    -e "s| *$me [0-9][0-9]/[0-9][0-9]/[0-9]\{4\}\$|  USER DD/MM/YYYY|" \
	    -e "s|^  [0-9][0-9]/[0-9][0-9]/[0-9]\{4\} [0-9][0-9]:[0-9][0-9] #\([0-9]*\) $me |  DD/MM/YYYY HH:MM #\1 USER |"
}

cat > contracts.csv <<'CSV'
ref,title,supplier,body,value,start,end,sv_weight
OPCC-1,Custody healthcare,Acme Health Ltd,OPCC,250000,2025-04-01,2027-03-31,12.5
WMP-1,Cleaning,Clean Co,WMP,1200000,2025-04-01,2027-03-31,10
CSV
cat > answers.csv <<'CSV'
contract,topic,answer,recorded_by,recorded_at
OPCC-1,prison_leavers,3,Ann Smith,2026-01-15T10:04:00Z
OPCC-1,design_out_crime,"Lighting and sight lines were reviewed with the force's Design Out Crime officer before the site opened; the car park has fewer hidden corners.",Ann Smith,2026-01-15T10:04:00Z
OPCC-1,local_plan,Four local hires,Bob Jones,2026-02-01T09:00:00Z
CSV
{ "$SVDESK" init --db base.db &&
  "$SVDESK" import contracts contracts.csv --db base.db &&
  "$SVDESK" import answers answers.csv --db base.db; } >/dev/null || exit 99

# screen NAME SIZE KEYS: a fresh copy of base.db as BASE.db, the keys, the
# final screen against golden/answers/NAME.txt; the footer's messages in
# BASE.err (BASE: NAME without its size)
screen() {
	name=$1 size=$2
	base=${name%_[0-9]*x[0-9]*}
	cp "${DB:-base.db}" "$base.db"
	printf '%s\n' "$3" > "$name.keys"
	"$SVDESK" --db "$base.db" --keys "$name.keys" --size "$size" --dump "$name.raw" \
		>/dev/null 2>"$base.err" </dev/null
	rc=$?
	if [ "$rc" != 0 ]; then
		not_ok "$name ($size): svdesk exits 0" "status $rc" "$(cat "$base.err")"
		return
	fi
	golden_compare "$name" "$size"
}
answer_of() {
	sql "$1.db" "SELECT answer FROM questionnaire_answer WHERE topic = '$2'"
}
last_entry() {
	sql "$1.db" "SELECT entity || ' ' || action || ' ' || origin || ' ' || who FROM audit
		ORDER BY id DESC LIMIT 1"
}
audit_clean() {
	"$SVDESK" check audit --db "$1.db" >/dev/null 2>&1
}

open='<Enter> <End>'          # OPCC-1's page, at its end: the last question
first="$open k k k"           # prison leavers

# ---- the section ----------------------------------------------------------------------
screen section_80x24 80x24 "$open"
screen section_60x12 60x12 "$open"
screen wmp_80x24 80x24 'j <Enter> <End>'
check "a WMP contract's page has no questionnaire" sh -c '! grep -q "OPCC questionnaire" wmp_80x24.txt'

# ---- edit -------------------------------------------------------------------------------
screen edit_prompt_80x24 80x24 "$first E"
screen edit_prompt_60x12 60x12 "$open E"
screen edit_count_80x24 80x24 "$first E <C-u> 7 <Enter>"
check "a count saved" test "$(answer_of edit_count prison_leavers)" = 7
check "... recorded by the person at the desk" \
	test "$(sql edit_count.db "SELECT recorded_by FROM questionnaire_answer WHERE topic = 'prison_leavers'")" = "$me"
check "... one entry, origin desk" test "$(last_entry edit_count)" = "questionnaire_answer update desk $me"
check "... the footer says so" grep -q '^status: saved: Prison leavers employed of OPCC-1$' edit_count.err
check "... svdesk check audit is clean" audit_clean edit_count

screen bad_number_80x24 80x24 "$first E <C-u> t h r e e <Enter>"
check "a bad number: the importer's message" \
	grep -q '^status: "three" is not a count (a whole number, like 3)$' bad_number.err
check "... nothing written" test "$(answer_of bad_number prison_leavers)" = 3
screen bad_then_good_80x24 80x24 "$first E <C-u> 2 . 5 <Enter> <C-u> 2 <Enter>"
check "asked again, then saved" test "$(answer_of bad_then_good prison_leavers)" = 2

screen edit_text_80x24 80x24 "$open E M e n t o r i n g <Space> f o r <Space> l e a v e r s <Enter>"
check "a text answer added" test "$(answer_of edit_text reoffending)" = "Mentoring for leavers"
check "... one entry, origin desk" test "$(last_entry edit_text)" = "questionnaire_answer insert desk $me"
check "... svdesk check audit is clean" audit_clean edit_text

screen edit_cancel_80x24 80x24 "$first E <C-u> 9 <Esc>"
check "Esc: nothing changed" test "$(answer_of edit_cancel prison_leavers)" = 3
check "... the footer says so" grep -q '^status: not changed: Prison leavers employed of OPCC-1$' edit_cancel.err
screen enter_edits_80x24 80x24 "$first <Enter>"

# ---- delete -----------------------------------------------------------------------------
screen delete_ask_80x24 80x24 "$first D"
screen delete_done_80x24 80x24 "$first D y"
check "deleted" test "$(sql delete_done.db "SELECT count(*) FROM questionnaire_answer WHERE topic = 'prison_leavers'")" = 0
check "... one entry, origin desk" test "$(last_entry delete_done)" = "questionnaire_answer delete desk $me"
check "... svdesk check audit is clean" audit_clean delete_done
screen delete_no_80x24 80x24 "$first D n"
check "n: not deleted" test "$(answer_of delete_no prison_leavers)" = 3
screen delete_none_80x24 80x24 "$open D"
check "nothing to delete on a question not answered" \
	grep -q '^status: nothing to delete: Breaking the cycle of poverty, crime and reoffending is not answered$' delete_none.err

# ---- read-only --------------------------------------------------------------------------
cp base.db ro_src.db
sqlite3 -batch ro_src.db "DROP TRIGGER contract_audit_update;" || exit 99
DB=ro_src.db screen readonly_80x24 80x24 "$first E D"
check "read-only: no edit, saying why" \
	grep -q '^status: the database is read-only: no answer can be recorded or deleted (the trigger contract_audit_update is missing .*)$' readonly.err
check "... nothing written" test "$(answer_of readonly prison_leavers)" = 3

# ---- another desk's change while the prompt waits ---------------------------------------
# Desk A opens the prompt (F12 first: its footer log says it is there), an
# import changes the answer during A's pause, A's Enter is refused naming
# who changed it, and the page shows the answer as it now is.
wait_ready() {
	i=0
	while ! grep -q '^status: F12: no action here' "$1" 2>/dev/null && [ $i -lt "$(t_n 200)" ]; do
		sleep 0.05
		i=$((i + 1))
	done
}
cp base.db stale.db
printf '%s\n' "$first <F12> E <Sleep:$(t_n 3000)> <C-u> 8 <Enter>" > stale.keys
"$SVDESK" --db stale.db --keys stale.keys --size 132x43 --dump stale.raw \
	>/dev/null 2>stale.err </dev/null &
pid=$!
wait_ready stale.err
printf 'contract,topic,answer\nOPCC-1,prison_leavers,9\n' > other.csv
"$SVDESK" import answers other.csv --db stale.db >/dev/null 2>&1
wait $pid
check "stale: the import's change stands" test "$(answer_of stale prison_leavers)" = 9
check "... desk A refused, naming who changed it and when" \
	grep -q "^status: not saved: .* was changed by $me at [0-9/]* [0-9:]* (an import)" stale.err
check "... the page shows the answer as it now is" grep -q '^  Prison leavers employed: 9 ' stale.raw
check "... svdesk check audit is clean" audit_clean stale

done_testing

#!/bin/sh
# import answers and export answers: the OPCC questionnaire in CSV.  The
# columns, a topic in any case, a count for prison leavers, a second import
# that changes nothing, a changed answer replaced and audited, a restore
# keeping who recorded an answer and when, bad files rejected whole with
# FILE:LINE:COLUMN and nothing written, a dry run, the formula guard and
# the byte-order mark, a round trip into another database, the QRB's text
# and CSV showing the answers; svdesk check clean after every change.
. "$top_srcdir/tests/lib.sh"

me=$(id -un 2>/dev/null || echo "uid:$(id -u)")
dump() { sqlite3 -readonly -batch "$1" .dump; }
clean() {
	run "$SVDESK" check integrity audit --db "$1"
}
answer_of() {
	sql "$1" "SELECT q.answer FROM questionnaire_answer q JOIN contract c ON c.id = q.contract_id
		WHERE c.ref = '$2' AND q.topic = '$3'"
}

cat > contracts.csv <<'CSV'
ref,title,supplier,body,value,start,end,sv_weight
OPCC-1,Custody healthcare,Acme Health Ltd,OPCC,250000,2025-04-01,2027-03-31,12.5
OPCC-2,Victim support,Brook CIC,OPCC,80000,2025-04-01,2026-03-31,10
OPCC-3,Interpreting,Dee Languages Ltd,OPCC,60000,2025-04-01,2027-03-31,10
WMP-1,Cleaning,Clean Co,WMP,1200000,2025-04-01,2027-03-31,10
CSV
for db in sv.db two.db; do
	{ "$SVDESK" init --db $db && "$SVDESK" import contracts contracts.csv --db $db; } \
		>/dev/null || exit 99
done

# ---- import -----------------------------------------------------------------------
cat > a.csv <<'CSV'
contract,topic,answer
OPCC-1,prison_leavers,3
OPCC-1,Design_Out_Crime,"Lighting and sight lines reviewed with the force's officer, before opening"
OPCC-1,LOCAL_PLAN,'=4 local hires
OPCC-2,reoffending,  Mentoring for people leaving prison  
CSV
entries0=$(sql sv.db 'SELECT count(*) FROM audit')
run "$SVDESK" import answers a.csv --db sv.db
check "import answers (0)" rc_is 0
check "... the summary" out_has "answers: 4 added, 0 changed, 0 unchanged"
check "... nothing on stderr" err_empty
check "a count stored as written" [ "$(answer_of sv.db OPCC-1 prison_leavers)" = 3 ]
check "a topic in any case, stored by its name" \
	[ "$(sql sv.db "SELECT group_concat(topic, ' ') FROM (SELECT topic FROM questionnaire_answer ORDER BY id)")" = "prison_leavers design_out_crime local_plan reoffending" ]
check "the formula guard taken off" [ "$(answer_of sv.db OPCC-1 local_plan)" = "=4 local hires" ]
check "spaces around a value trimmed" [ "$(answer_of sv.db OPCC-2 reoffending)" = "Mentoring for people leaving prison" ]
check "recorded by the person importing, now" \
	[ "$(sql sv.db "SELECT count(*) FROM questionnaire_answer WHERE recorded_by = '$me' AND recorded_at GLOB '20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'")" = 4 ]
check "one audit entry for the import" \
	[ "$(sql sv.db "SELECT count(*) || ' ' || max(json_extract(after, '\$.kind')) FROM audit WHERE id > $entries0")" = "1 answers" ]
clean sv.db
check "svdesk check is clean after the import" rc_is 0

cp sv.db once.db
run "$SVDESK" import answers a.csv --db sv.db
check "the same file again (0)" rc_is 0
check "... changes nothing" out_has "answers: 0 added, 0 changed, 4 unchanged"
check "... and writes no entry" [ "$(sql sv.db 'SELECT count(*) FROM audit')" = "$((entries0 + 1))" ]
check "... the database dump is as it was" sh -c "[ \"\$(sqlite3 -readonly sv.db .dump)\" = \"\$(sqlite3 -readonly once.db .dump)\" ]"

# a changed answer replaces the stored one, with an entry of its own
printf '\357\273\277contract,topic,answer\r\nOPCC-1,prison_leavers,5\r\nOPCC-1,design_out_crime,"Lighting and sight lines reviewed with the force'"'"'s officer, before opening"\r\n' > change.csv
run "$SVDESK" import answers change.csv --db sv.db
check "a changed answer, a byte-order mark and CRLF (0)" rc_is 0
check "... 1 changed, 1 unchanged" out_has "answers: 0 added, 1 changed, 1 unchanged"
check "... stored" [ "$(answer_of sv.db OPCC-1 prison_leavers)" = 5 ]
check "... with an update entry holding before and after" \
	[ "$(sql sv.db "SELECT json_extract(before, '\$.answer') || '>' || json_extract(after, '\$.answer') || ' ' || origin FROM audit WHERE entity = 'questionnaire_answer' AND action = 'update'")" = "3>5 import" ]
clean sv.db
check "svdesk check is clean after the change" rc_is 0

# ---- dry run ----------------------------------------------------------------------------
printf 'contract,topic,answer\nOPCC-2,local_plan,Two apprentices\n' > dry.csv
cp sv.db before.db
run "$SVDESK" import answers dry.csv --dry-run --db sv.db
check "a dry run (0)" rc_is 0
check "... says what it would do" out_has "answers: 1 added, 0 changed, 0 unchanged (dry run: nothing written)"
check "... and writes nothing" cmp -s sv.db before.db

# ---- a restore: who recorded an answer and when ------------------------------------------
cat > restore.csv <<'CSV'
contract,topic,answer,recorded_by,recorded_at
OPCC-2,local_plan,Two apprentices from the local college,Ann Smith,2026-01-15T10:04:00Z
OPCC-2,design_out_crime,,,
CSV
run "$SVDESK" import answers restore.csv --db sv.db
check "recorded_by and recorded_at with one empty answer: rejected (3)" rc_is 3
check "... the empty answer named" err_has "restore.csv:3:25: answer: empty (a value is required)"
sed -i '$d' restore.csv
run "$SVDESK" import answers restore.csv --db sv.db
check "a restore (0)" rc_is 0
check "... keeps who recorded the answer and when" \
	[ "$(sql sv.db "SELECT recorded_by || ' ' || recorded_at FROM questionnaire_answer WHERE topic = 'local_plan' AND contract_id = (SELECT id FROM contract WHERE ref = 'OPCC-2')")" = "Ann Smith 2026-01-15T10:04:00Z" ]
printf 'contract,topic,answer,recorded_by,recorded_at\nOPCC-2,local_plan,One apprentice,Bob Jones,2025-12-01T09:00:00Z\n' > older.csv
run "$SVDESK" import answers older.csv --db sv.db
check "an older restored answer over a newer one (3)" rc_is 3
check "... refused, naming who recorded the stored one and when" \
	err_has "older.csv:2:44: recorded_at: the stored answer of OPCC-2 on local_plan was recorded by Ann Smith at 2026-01-15T10:04:00Z, after this one: an older answer does not replace a newer one"
clean sv.db
check "svdesk check is clean after the restore" rc_is 0

# ---- bad files: rejected whole ---------------------------------------------------------------
long=$(printf '%0201d' 0 | tr 0 x)
cat > bad.csv <<CSV
contract,topic,answer,recorded_by,recorded_at
OPCC-1,prison_leavers,three,,
OPCC-2,prison_leavers,2.5,,
WMP-1,local_plan,Yes,,
NOPE-9,local_plan,Yes,,
OPCC-1,prisoners,4,,
OPCC-2,reoffending,,,
OPCC-1,reoffending,Fine,Ann Smith,
OPCC-1,local_plan,Fine,,2026-01-15T10:04:00Z
OPCC-2,design_out_crime,Fine,Ann Smith,2099-01-01T00:00:00Z
OPCC-2,local_plan,Fine,Ann Smith,2026-13-01T00:00:00Z
OPCC-3,prison_leavers,-1,,
OPCC-1,design_out_crime,Fine,$long,2026-01-15T10:04:00Z
OPCC-1,design_out_crime,Again,,
CSV
printf 'OPCC-3,reoffending,"Control \001 here",,\n' >> bad.csv
printf 'OPCC-2,reoffending,Three,fields\n' >> bad.csv
dump sv.db > before.sql
cp sv.db before.db
run "$SVDESK" import answers bad.csv --db sv.db
check "a bad file is rejected (3)" rc_is 3
check "not a count" err_has 'bad.csv:2:23: answer: "three" is not a count (a whole number, like 3)'
check "a count is whole" err_has 'bad.csv:3:23: answer: "2.5" is not a count (a whole number, like 3)'
check "a WMP contract" err_has "bad.csv:4:1: contract: contract WMP-1 is WMP's: the questionnaire is for OPCC contracts only"
check "a contract that does not exist" err_has 'bad.csv:5:1: contract: no contract with ref "NOPE-9" (refs are matched exactly; import the contracts first)'
check "an unknown topic, listing the four" err_has 'bad.csv:6:8: topic: "prisoners" is not a topic (prison_leavers, design_out_crime, local_plan or reoffending)'
check "an empty answer" err_has "bad.csv:7:20: answer: empty (a value is required)"
check "who without when" err_has "bad.csv:8:35: recorded_at: recorded_by is given, so recorded_at is needed too"
check "when without who" err_has "bad.csv:9:24: recorded_by: recorded_at is given, so recorded_by is needed too"
check "a time in the future" err_has "bad.csv:10:40: recorded_at: 2099-01-01T00:00:00Z is in the future"
check "not a time" err_has 'bad.csv:11:34: recorded_at: "2026-13-01T00:00:00Z" is not a UTC time (like 2026-01-15T10:04:00Z)'
check "a negative count" err_has 'bad.csv:12:23: answer: "-1" is not a count (a whole number, like 3)'
check "a name too long" err_has "bad.csv:13:30: recorded_by: the name is longer than 200 bytes"
check "the same answer twice" err_has "bad.csv:14:8: topic: the answer of OPCC-1 on design_out_crime is on line 13 already"
check "a control character" err_has "bad.csv:15:20: answer: control character U+0001 in the text (only tab is allowed)"
check "a row of the wrong width" err_has "bad.csv:16:1: 4 fields, but the header has 5"
check "... all of them, and the count" err_has "svdesk: bad.csv rejected: 15 problems found; nothing was written"
check "... nothing on stdout" out_empty
dump sv.db > after.sql
check "... the database dump is unchanged" cmp -s before.sql after.sql
check "... the file too" cmp -s sv.db before.db
run "$SVDESK" import answers bad.csv --dry-run --db sv.db
check "a dry run reports the same (3)" rc_is 3
check "... the same faults" err_has "bad.csv rejected: 15 problems found"

printf 'contract,answer\nOPCC-1,3\n' > nohead.csv
run "$SVDESK" import answers nohead.csv --db sv.db
check "a file without the topic column (3)" rc_is 3
check "... says so in the header, naming it" sh -c 'grep -q "nohead.csv:1:" err && grep -q topic err'
printf 'contract,topic,answer,score\nOPCC-1,prison_leavers,3,9\n' > extra.csv
run "$SVDESK" import answers extra.csv --db sv.db
check "an unknown column (3)" rc_is 3
check "... named in the header" sh -c 'grep -q "extra.csv:1:" err && grep -q score err'
check "nothing was written by any of them" cmp -s sv.db before.db
clean sv.db
check "svdesk check still clean" rc_is 0

# ---- export ---------------------------------------------------------------------------------
run "$SVDESK" export answers --db sv.db
check "export answers (0)" rc_is 0
check "... the header" [ "$(head -n 1 "$WORK/out" | tr -d '\r')" = "contract,topic,answer,recorded_by,recorded_at" ]
check "... no byte-order mark on standard output" [ "$(head -c 8 "$WORK/out")" = "contract" ]
check "... by contract, topics in the policy's order, quoted and guarded" \
	[ "$(cut -d, -f1-3 "$WORK/out" | sed 1d | tr -d '\r' | tr '\n' '|')" = "OPCC-1,prison_leavers,5|OPCC-1,design_out_crime,\"Lighting and sight lines reviewed with the force's officer|OPCC-1,local_plan,'=4 local hires|OPCC-2,local_plan,Two apprentices from the local college|OPCC-2,reoffending,Mentoring for people leaving prison|" ]
check "... who recorded each and when" out_has "OPCC-2,local_plan,Two apprentices from the local college,Ann Smith,2026-01-15T10:04:00Z"
run "$SVDESK" export answers -o all.csv --db sv.db
check "export answers -o FILE (0)" rc_is 0
check "... a byte-order mark in a file" [ "$(head -c 3 all.csv | od -An -tx1 | tr -d ' ')" = efbbbf ]
run "$SVDESK" export answers --year 2026/27 --db sv.db
check "export answers --year: the contracts running then" \
	[ "$(sed 1d "$WORK/out" | wc -l)" = 0 ]
"$SVDESK" import commitments /dev/stdin --db sv.db >/dev/null <<'CSV' || exit 99
contract,measure,year,target
OPCC-1,NT1,2025/26,2
OPCC-2,NT1,2025/26,1
OPCC-1,NT1,2026/27,2
CSV
run "$SVDESK" export answers --year 2026/27 --db sv.db
check "... those of contracts with a commitment in the year" \
	[ "$(sed 1d "$WORK/out" | cut -d, -f1 | sort -u | tr '\n' ' ')" = "OPCC-1 " ]
run "$SVDESK" export answers --since 2026-01-01 --db sv.db
check "export answers --since is refused (2)" rc_is 2

# ---- round trip ----------------------------------------------------------------------------
run "$SVDESK" import answers all.csv --db two.db
check "the export imports into another database (0)" rc_is 0
check "... 5 added" out_has "answers: 5 added, 0 changed, 0 unchanged"
run "$SVDESK" export answers -o back.csv --db two.db
check "... and exports the same bytes" cmp -s all.csv back.csv
run "$SVDESK" import answers all.csv --db two.db
check "... and again changes nothing" out_has "answers: 0 added, 0 changed, 5 unchanged"
clean two.db
check "... svdesk check clean there" rc_is 0

# ---- the QRB: each contract once, its answers under it -------------------------------------
printf '[print]\npage_length = 0\n' > nopages.ini
run "$SVDESK" report qrb --quarter 2025/26-Q2 --config nopages.ini --db sv.db
check "report qrb (0)" rc_is 0
sed -n '/^OPCC considerations: questionnaire answers/,/^End of report/p' "$WORK/out" |
	sed -e '/^End of report/d' | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}' > qrb.txt
cat > want.txt <<'TXT'
OPCC considerations: questionnaire answers
------------------------------------------

OPCC-1  Acme Health Ltd
  Prison leavers employed: 5
  Contribution to Design Out Crime:
    Lighting and sight lines reviewed with the force's officer, before opening
  Contribution to local plan employment targets: =4 local hires

OPCC-2  Brook CIC
  Contribution to local plan employment targets:
    Two apprentices from the local college
  Breaking the cycle of poverty, crime and reoffending:
    Mentoring for people leaving prison
TXT
check "... the answers under their contracts, a count on its line, text wrapped" \
	cmp -s want.txt qrb.txt
run "$SVDESK" report qrb --quarter 2025/26-Q2 --format csv --db sv.db
check "report qrb --format csv: an answer row a topic" \
	[ "$(grep '^answer,' "$WORK/out" | tr -d '\r' | tr '\n' '|')" = "answer,OPCC-1,prison_leavers,5|answer,OPCC-1,design_out_crime,\"Lighting and sight lines reviewed with the force's officer, before opening\"|answer,OPCC-1,local_plan,'=4 local hires|answer,OPCC-2,local_plan,Two apprentices from the local college|answer,OPCC-2,reoffending,Mentoring for people leaving prison|" ]
clean sv.db
check "svdesk check clean at the end" rc_is 0

done_testing

#!/bin/sh
# svdesk check policy: the policy report.  A clean register (exit 0, "no
# findings"); one with each kind of finding (exit 3, the line of each and
# the count of each kind); a damaged database (exit 1); and the report read
# by an ordinary user from a database it may only read (run as root, as CI
# does: the test creates the user and removes it at the end).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-15

cat > m.csv <<'EOF'
theme,outcome,code,title,unit,proxy,proxy_set
Jobs,Policy test outcome,PT01,Policy test measure,count,10.00,Policy test set
EOF
cat > c.csv <<'EOF'
ref,title,supplier,body,value,start,end,sv_weight,manager,living_wage,modern_slavery
OK-1,A clean contract,Clean Ltd,WMP,100000,2026-04-01,2027-03-31,10,Pat Manager,,
EOF
cat > k.csv <<'EOF'
contract,measure,year,target
OK-1,PT01,2026/27,100
EOF
cat > r.csv <<'EOF'
contract,quarter,measure,delivered,evidence,submitted
OK-1,2026/27-Q1,PT01,5,Payroll,2026-07-05
OK-1,2026/27-Q2,PT01,6,Payroll,2026-10-05
EOF
# load DB NAME: the four files NAME-less (m, c, k, r) imported into DB
load() {
	for f in measures:m contracts:c commitments:k returns:r; do
		"$SVDESK" import "${f%%:*}" "${f#*:}.csv" --db "$1" >/dev/null 2>>load.err ||
			return 1
	done
}
"$SVDESK" init --db clean.db >/dev/null 2>load.err
check "a register to check (init and import)" load clean.db

# ---- clean -------------------------------------------------------------------
run "$SVDESK" check policy --db clean.db
check "a clean register: exit 0" rc_is 0
check "... a heading with today and the policy's figures" \
	out_has "svdesk: policy: report as of 2026-11-15 (threshold £100,000.00, minimum weighting 10.0%)"
check "... a count of each kind, all 0" \
	[ "$(grep -c '^svdesk: policy: [a-z].*: 0$' "$WORK/out")" = 5 ]
check "... and \"no findings\"" out_has "svdesk: policy: no findings"
check "... nothing on stderr" err_empty
run "$SVDESK" check --db clean.db
check "plain check on it (every part): exit 0" rc_is 0
check "... with the policy report" out_has "svdesk: policy: no findings"
check "... and the audit head" grep -q '^audit head ' "$WORK/out"

# ---- one of each kind ----------------------------------------------------------
cp clean.db bad.db
cat > c.csv <<'EOF'
ref,title,supplier,body,value,start,end,sv_weight,manager,living_wage,modern_slavery
EX-1,An exception,Weighty Ltd,WMP,250000,2026-04-01,2027-03-31,5,Pat Manager,yes,yes
NA-1,Unanswered,Quiet Ltd,OPCC,300000,2026-04-01,2027-03-31,10,Pat Manager,yes,
OD-1,Overdue,Late Ltd,WMP,5000,2026-04-01,2027-03-31,10,Pat Manager,,
QY-1,In query,Doubt Ltd,WMP,5000,2026-04-01,2027-03-31,10,Pat Manager,,
OUT-1,Outside,Moved Ltd,WMP,5000,2026-04-01,2027-03-31,10,Pat Manager,,
EOF
cat > k.csv <<'EOF'
contract,measure,year,target
EX-1,PT01,2026/27,100
NA-1,PT01,2026/27,100
OD-1,PT01,2026/27,100
QY-1,PT01,2026/27,100
OUT-1,PT01,2026/27,100
EOF
cat > r.csv <<'EOF'
contract,quarter,measure,delivered,evidence,submitted,status,validated,validated_by,validated_at,reason
EX-1,2026/27-Q1,PT01,5,Payroll,2026-07-05,,,,,
EX-1,2026/27-Q2,PT01,5,Payroll,2026-10-05,,,,,
NA-1,2026/27-Q1,PT01,5,Payroll,2026-07-05,,,,,
NA-1,2026/27-Q2,PT01,5,Payroll,2026-10-05,,,,,
OD-1,2026/27-Q1,PT01,5,Payroll,2026-07-05,,,,,
QY-1,2026/27-Q1,PT01,5,Payroll,2026-07-05,query,,jpatel,2026-08-01T09:00:00Z,No payroll attached
QY-1,2026/27-Q2,PT01,5,Payroll,2026-10-05,query,,jpatel,2026-10-20T09:00:00Z,Hours do not add up
EOF
check "the problems imported" load bad.db
# A commitment comes to be outside its contract's dates only when the dates
# are changed behind svdesk's back (its triggers refuse it): the sqlite3 shell.
putback() {
	sql bad.db "SELECT sql || ';' FROM sqlite_schema WHERE name = '$1'"
}
if ! sqlite3 -batch bad.db "DROP TRIGGER contract_dates_cover; DROP TRIGGER contract_audit_update; UPDATE contract SET start_date = '2027-04-01', end_date = '2028-03-31' WHERE ref = 'OUT-1'; $(putback contract_dates_cover) $(putback contract_audit_update)" >/dev/null 2>sqlite.err; then
	not_ok "moving OUT-1's dates through the sqlite3 shell" "$(cat sqlite.err)"
fi

run "$SVDESK" check policy --db bad.db
check "a register with one problem of each kind: exit 3" rc_is 3
check "a policy exception, with its value, weighting and the policy's figures" \
	out_has "svdesk: policy: contract EX-1 (Weighty Ltd, WMP): value £250,000.00 is above the threshold £100,000.00 and its social value weighting 5.0% is below 10.0% (a policy exception)"
check "a commitment outside its contract's dates, with the year and the dates" \
	out_has "svdesk: policy: contract OUT-1 (Moved Ltd, WMP): the commitment to PT01 for 2026/27 is outside the contract's dates 2027-04-01 to 2028-03-31 (a commitment outside its contract's dates)"
check "an overdue return: the quarter, when it ended, the measures without a line" \
	out_has "svdesk: policy: contract OD-1 (Late Ltd, WMP): the return for 2026/27 Q2 is overdue: the quarter ended 2026-09-30 (46 days ago) and 1 of the 1 measures committed have no line (PT01) (an overdue return)"
check "a line in query since more than 30 days: the line, since when and by whom" \
	out_has "svdesk: policy: contract QY-1 (Doubt Ltd, WMP): line $(sql bad.db "SELECT r.id FROM return_line r JOIN commitment k ON k.id = r.commitment_id JOIN contract c ON c.id = k.contract_id WHERE c.ref = 'QY-1' AND r.quarter = 1") (PT01, 2026/27 Q1) has been in query since 2026-08-01 (by jpatel) (a line in query for more than 30 days)"
check "... not the one in query for 26 days" sh -c "! grep -q 'QY-1.*2026/27 Q2' '$WORK/out'"
check "a contract above the threshold without an answer: which answer is missing" \
	out_has "svdesk: policy: contract NA-1 (Quiet Ltd, OPCC): value £300,000.00 is above the threshold £100,000.00 and it has no modern slavery answer (a contract without a policy answer)"
check "... one line a finding, no more (5)" \
	[ "$(grep -c '^svdesk: policy: contract ' "$WORK/out")" = 5 ]
grep '^svdesk: policy: contract [^ ]* (' "$WORK/out" | sed 's/.*(//' > kinds.txt
cat > kinds.want <<'EOF'
a policy exception)
a commitment outside its contract's dates)
an overdue return)
a line in query for more than 30 days)
a contract without a policy answer)
EOF
check "... the kinds in order" cmp -s kinds.want kinds.txt
check "... then the counts, after the findings" sh -c "tail -n 6 '$WORK/out' | head -n 5 | grep -c ': 1\$' | grep -qx 5"
for k in "policy exceptions" "commitments outside their contract's dates" "overdue returns" \
	"lines in query for more than 30 days" \
	"contracts above the threshold without a living-wage or modern slavery answer"; do
	check "... count: $k 1" out_has "svdesk: policy: $k: 1"
done
check "... and the total" out_has "svdesk: policy: 5 findings"
check "... the clean contract is not named" sh -c "! grep -q 'OK-1' '$WORK/out'"

run env SVDESK_NOW=2026-10-30 "$SVDESK" check policy --db bad.db
check "30 days after the quarter's end the return is not yet overdue" \
	sh -c "! grep -q '(an overdue return)' '$WORK/out'"
printf '[policy]\nthreshold = 1000000\n' > high.ini
run "$SVDESK" check policy --db bad.db --config high.ini
check "a higher threshold: no exception and no unanswered contract" \
	sh -c "grep -q 'policy exceptions: 0' '$WORK/out' && grep -q 'modern slavery answer: 0' '$WORK/out'"

# ---- damaged ---------------------------------------------------------------------
cp clean.db damaged.db
size=$(stat -c %s damaged.db)
dd if=/dev/zero of=damaged.db bs=1024 seek=2 count=$(( size / 1024 - 2 )) conv=notrunc 2>/dev/null
run "$SVDESK" check policy --db damaged.db
check "a damaged database: exit 1" rc_is 1
check "... saying what is wrong with which file" err_has "damaged.db"
check "... and no report" sh -c "! grep -q 'findings' '$WORK/out'"

# ---- an ordinary user, a read-only database ----------------------------------
if [ "$(id -u)" != 0 ]; then
	if [ -n "${CI:-}" ]; then
		not_ok "the read-only test runs as root (useradd, setpriv): run make check as root"
	fi
	ok "the test as an ordinary user # SKIP not root (it needs useradd)"
	done_testing
fi
for tool in useradd userdel setpriv; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is installed (Debian: passwd, util-linux)"
		done_testing
	fi
done
u=svdp$$
shared=$(mktemp -d /tmp/svdesk-policy.XXXXXX) || exit 99
policy_cleanup() {
	if id "$u" >/dev/null 2>&1; then
		userdel -r "$u" 2>/dev/null
		id "$u" >/dev/null 2>&1 && echo "# cli_check_policy.sh: could not remove the user $u" >&2
	fi
	rm -rf "$shared"
	t_cleanup
}
trap 'policy_cleanup' EXIT
trap 'exit 1' INT TERM HUP
if id "$u" >/dev/null 2>&1; then
	not_ok "the user $u does not exist yet (left over from an earlier run: userdel -r $u)"
	u=
	done_testing
fi
if ! useradd -m -s /bin/sh "$u"; then
	not_ok "useradd $u"
	done_testing
fi
# The database is root's and read-only (0444), in a folder like /tmp that
# anyone may write to (SQLite makes its -shm there to read a WAL database).
cp "$SVDESK" "$shared/svdesk" && cp bad.db "$shared/ro.db" || exit 99
chmod 1777 "$shared" && chmod 755 "$shared/svdesk" && chmod 444 "$shared/ro.db" || exit 99
# as_user CMD...: CMD as the ordinary user
as_user() {
	setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups \
		env HOME="/home/$u" LOGNAME="$u" USER="$u" SVDESK_NOW=2026-11-15 "$@"
}
run as_user "$shared/svdesk" check policy --db "$shared/ro.db"
check "an ordinary user, a read-only database: the report (exit 3)" rc_is 3
check "... every finding" out_has "svdesk: policy: 5 findings"
check "... the database unchanged" cmp -s bad.db "$shared/ro.db"
run as_user "$shared/svdesk" check --db "$shared/ro.db"
check "... plain check too (every part; the policy findings make it 3)" rc_is 3
check "... with the audit part (it finds the change made behind svdesk's back)" out_has "svdesk: audit: "
# In a folder the user cannot write to, SQLite cannot read it: exit 1.
rm -f "$shared/ro.db-shm" "$shared/ro.db-wal"
chmod 755 "$shared" || exit 99
run as_user "$shared/svdesk" check policy --db "$shared/ro.db"
check "a read-only database in a read-only folder cannot be read: exit 1" rc_is 1
check "... saying why" err_has "ro.db-shm"
check "... and no report" sh -c "! grep -q 'findings' '$WORK/out'"
done_testing

#!/bin/sh
# desk_users.sh: two desks, run at the same time by two ordinary users that
# the test creates, deciding the same return lines of one database.  Shows:
#   - no decision lost: each line has exactly the decisions the desks
#     reported as recorded ("status: accepted Q1 SH-0001 DK01: 2" on
#     their stderr), every line of each supplier decided once;
#   - the right login on each decision (decision.decided_by, the line's
#     validated_by and the audit entry's who);
#   - one of each conflicting pair refused with the other's name: a race over
#     the shared lines, then two pairs made certain by feeding both desks
#     their keys through pipes, step by step (desk 2 decides a line desk 1
#     has just decided while its screen still shows it awaiting, and the
#     other way round);
#   - no "database is locked" anywhere (stderr, screens);
#   - svdesk check audit clean after it all.
# It must run as root (useradd, setpriv): .ci/run does.  As an ordinary user
# it is skipped, unless CI is set, where it fails.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/desk_lib.sh"

if [ "$(id -u)" != 0 ]; then
	if [ -n "${CI:-}" ]; then
		not_ok "desk_users.sh runs as root: it creates two users with useradd and runs a desk as each with setpriv (run make check as root, as .ci/run does)"
		done_testing
	fi
	echo "1..0 # SKIP not root: this test creates two users (useradd); run make check as root"
	exit 0
fi
for tool in useradd userdel groupadd groupdel setpriv; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is installed (Debian: passwd, util-linux)"
		done_testing
	fi
done

export SVDESK_NOW=2026-11-27
grp=svdg$$ u1=svda$$ u2=svdb$$
# The shared folder is outside the build tree: the users must reach it (a
# build tree may sit in a folder only root can enter).
shared=$(mktemp -d /tmp/svdesk-desks.XXXXXX) || exit 99
pids=""

desk_cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	for p in $pids; do
		wait "$p" 2>/dev/null
	done
	for u in $u1 $u2; do
		if id "$u" >/dev/null 2>&1; then
			userdel -r "$u" 2>/dev/null
			id "$u" >/dev/null 2>&1 && echo "# desk_users.sh: could not remove the user $u" >&2
		fi
	done
	getent group "$grp" >/dev/null 2>&1 && groupdel "$grp" 2>/dev/null
	[ "${T_KEEP:-}" = 1 ] || rm -rf "$shared"
	t_cleanup
}
trap 'desk_cleanup' EXIT
trap 'exit 1' INT TERM HUP

for u in $u1 $u2; do
	if id "$u" >/dev/null 2>&1; then
		not_ok "the user $u does not exist yet (left over from an earlier run: userdel -r $u)"
		u1= u2=
		done_testing
	fi
done
if ! groupadd "$grp"; then
	not_ok "groupadd $grp"
	done_testing
fi
for u in $u1 $u2; do
	if ! useradd -m -g "$grp" -s /bin/sh "$u"; then
		not_ok "useradd $u"
		done_testing
	fi
done

# The folder: the group's, writable by both, new files the group's (setgid):
# the database's -wal and -shm files are made by whichever desk opens it first.
chgrp "$grp" "$shared" && chmod 2770 "$shared" || exit 99
cp "$SVDESK" "$shared/svdesk" && chmod 755 "$shared/svdesk" || exit 99
db=$shared/desks.db
# Lines (4 measures, Q1 and Q2): 16 each user's own, 32 shared (the race),
# 8 for the pairs made certain.
NOWN=16 NSHARED=32
desk_db "$db" "$WORK/data" 4 "Alpha Desk Ltd:AL:2" "Beta Desk Ltd:BE:2" \
	"Shared Desk Ltd:SH:4" "Pair Desk Ltd:PR:1" || exit 99
chgrp "$grp" "$db" && chmod 660 "$db" || exit 99
check "the database has the lines to decide" \
	[ "$(sql "$db" "SELECT count(*) FROM return_line WHERE status = 'submitted'")" = 72 ]

# as U CMD...: CMD as the user U of the group, with a home of its own
as() {
	au=$1
	shift
	(umask 007 && exec setpriv --reuid="$au" --regid="$grp" --init-groups \
		env HOME="/home/$au" XDG_CONFIG_HOME="/home/$au/.config" \
		XDG_DATA_HOME="/home/$au/.local/share" LOGNAME="$au" USER="$au" "$@")
}
# desk U KEYS NAME: the desk of U on the database, headless, reading KEYS,
# its screen in $shared/NAME.txt, its stderr in $shared/NAME.err
desk() {
	as "$1" "$shared/svdesk" --db "$db" --keys "$2" --size 80x24 \
		--dump "$shared/$3.txt" 2>"$shared/$3.err"
}
check "user $u1 can run svdesk" sh -c "$(command -v setpriv) --reuid=$u1 --regid=$grp --init-groups $shared/svdesk --version >/dev/null"

# ---- 1. the race: both desks start together over the 32 shared lines ------
# Both desks open the shared supplier's queue and wait (their keys come
# through named pipes); then both get the rest of their keys at the same
# instant.  Desk 1 queries ("told"), desk 2 rejects ("cold"): the same
# number of keys a line, so that neither is quicker; each pressing its key
# once for every shared line (a key on a line the other desk decided
# meanwhile is refused; once the list is empty a key does nothing), then
# each its own lines: desk 1 accepts Alpha's, desk 2 queries Beta's
# ("dirt").  The texts are of letters no view binds, in case a key finds
# the list empty.
# A step is done when the desk's stderr has the line that the bad key name
# <StepN> makes it write ("key script line L: unknown key name ...").
{
	repeat "$NSHARED" "$(decide_keys e told)"
	echo "$(supplier_keys "Alpha Desk Ltd")"
	repeat "$NOWN" a
} > race1.keys
{
	repeat "$NSHARED" "$(decide_keys x cold)"
	echo "$(supplier_keys "Beta Desk Ltd")"
	repeat "$NOWN" "$(decide_keys e dirt)"
} > race2.keys

# start NAME: desks 1 and 2 (users u1 and u2) reading the named pipes
# $shared/NAME1.keys and NAME2.keys, writing NAME1.err, NAME1.txt ...;
# the test writes to them on descriptors 7 and 8
start() {
	mkfifo "$shared/${1}1.keys" "$shared/${1}2.keys" || exit 99
	chgrp "$grp" "$shared/${1}"?.keys && chmod 660 "$shared/${1}"?.keys || exit 99
	desk "$u1" "$shared/${1}1.keys" "${1}1" &
	p1=$!
	desk "$u2" "$shared/${1}2.keys" "${1}2" &
	p2=$!
	pids="$p1 $p2"
	# read-write: the open never blocks, even if a desk failed before opening its end
	exec 7<>"$shared/${1}1.keys" 8<>"$shared/${1}2.keys"
	phase=$1
}
# finish: end both desks' input, wait for them; rc1, rc2
finish() {
	exec 7>&- 8>&-
	wait "$p1"
	rc1=$?
	wait "$p2"
	rc2=$?
	pids=""
}
step=0
# send N TEXT: the keys TEXT to desk N, then wait until it has read them all
send() {
	step=$((step + 1))
	printf '%s <Step%d>\n' "$2" "$step" >&$(($1 + 6))
	if ! wait_for "$shared/$phase$1.err" "<Step$step>"; then
		not_ok "$phase: desk $1 took the keys: $2" "$(tail -5 "$shared/$phase$1.err")"
		return 1
	fi
}

start race
send 1 "4 $(supplier_keys "Shared Desk Ltd")" &&
send 2 "4 $(supplier_keys "Shared Desk Ltd")" &&
{
	cat race1.keys >&7 &
	pc=$!
	cat race2.keys >&8
	wait "$pc"
}
finish
check "race: desk 1 ($u1) exits 0" [ "$rc1" = 0 ]
check "race: desk 2 ($u2) exits 0" [ "$rc2" = 0 ]

supplier_where() {
	echo "c.supplier_id = (SELECT id FROM supplier WHERE name = '$1')"
}
# each shared line decided exactly once
per_line=$(sql "$db" "SELECT count(d.id) FROM return_line r
	JOIN commitment cm ON cm.id = r.commitment_id JOIN contract c ON c.id = cm.contract_id
	LEFT JOIN decision d ON d.return_line_id = r.id
	WHERE $(supplier_where "Shared Desk Ltd") GROUP BY r.id" | sort | uniq -c | awk '{ print $1 "x" $2 }')
check "race: each of the $NSHARED shared lines has exactly one decision (got: $per_line)" \
	[ "$per_line" = "${NSHARED}x1" ]

# what each desk reported recorded is what the database holds, with its login
recorded "$shared/race1.err" > r1.rec
recorded "$shared/race2.err" > r2.rec
db_decided "$db" "d.decided_by = '$u1'" | awk '{ print $1, $2, $3 }' > r1.db
db_decided "$db" "d.decided_by = '$u2'" | awk '{ print $1, $2, $3 }' > r2.db
check "race: desk 1 reported decisions" [ -s r1.rec ]
check "race: desk 2 reported decisions" [ -s r2.rec ]
check "race: the decisions by $u1 are those desk 1 reported recorded ($(wc -l < r1.rec))" \
	cmp -s r1.rec r1.db
check "race: the decisions by $u2 are those desk 2 reported recorded ($(wc -l < r2.rec))" \
	cmp -s r2.rec r2.db
check "race: every decision is by one of the two users" \
	[ "$(sql "$db" "SELECT count(*) FROM decision WHERE decided_by NOT IN ('$u1', '$u2')")" = 0 ]
check "race: each decision is its desk's: $u1 queried shared lines and accepted Alpha's, $u2 rejected shared lines and queried Beta's" \
	[ "$(db_decided "$db" "(d.decided_by = '$u1' AND NOT ((d.status = 'query'
			AND d.reason = 'told' AND $(supplier_where "Shared Desk Ltd"))
			OR (d.status = 'validated' AND $(supplier_where "Alpha Desk Ltd"))))
		OR (d.decided_by = '$u2' AND NOT ((d.status = 'rejected' AND d.reason = 'cold'
			AND $(supplier_where "Shared Desk Ltd")) OR (d.status = 'query'
			AND d.reason = 'dirt' AND $(supplier_where "Beta Desk Ltd"))))" | wc -l)" = 0 ]
check "race: all $NOWN of Alpha's lines decided by $u1" \
	[ "$(db_decided "$db" "$(supplier_where "Alpha Desk Ltd")" | grep -c " $u1 validated$")" = "$NOWN" ]
check "race: all $NOWN of Beta's lines decided by $u2" \
	[ "$(db_decided "$db" "$(supplier_where "Beta Desk Ltd")" | grep -c " $u2 query$")" = "$NOWN" ]
n1=$(grep -c "" r1.rec) n2=$(grep -c "" r2.rec)
check "race: the two desks' records add up to every line decided ($n1 + $n2)" \
	[ $((n1 + n2)) = $((NSHARED + 2 * NOWN)) ]
# a refusal in the race names the other desk's user, never its own
refused "$shared/race1.err" > f1
refused "$shared/race2.err" > f2
check "race: desk 1's refusals ($(wc -l < f1)) each name $u2" \
	sh -c "! grep -v ' by $u2 at ' f1"
check "race: desk 2's refusals ($(wc -l < f2)) each name $u1" \
	sh -c "! grep -v ' by $u1 at ' f2"
echo "# race over $NSHARED shared lines: $u1 decided $(grep -c ' SH-' r1.rec)," \
	"$u2 $(grep -c ' SH-' r2.rec); refused: desk 1 $(wc -l < f1), desk 2 $(wc -l < f2)"

# ---- 2. two conflicting pairs, step by step --------------------------------
# Both desks show Pair's lines (awaiting, the same version).  Desk 1 accepts
# the first; desk 2, whose screen still shows it, rejects it: refused with
# $u1's name, and desk 2 now shows the next line, which it rejects; desk 1,
# whose screen still shows that line, accepts it: refused with $u2's name.
start pair
pair_line() {
	sql "$db" "SELECT group_concat(coalesce(d.decided_by, '') || ':' || d.status, ' ')
		FROM decision d JOIN return_line r ON r.id = d.return_line_id
		JOIN commitment cm ON cm.id = r.commitment_id JOIN contract c ON c.id = cm.contract_id
		JOIN measure m ON m.id = cm.measure_id
		WHERE c.ref = 'PR-0001' AND r.quarter = 1 AND m.code = '$1'"
}
send 1 "4 $(supplier_keys "Pair Desk Ltd")" &&
send 2 "4 $(supplier_keys "Pair Desk Ltd")" &&
send 1 a &&
send 2 "$(decide_keys x cold)" &&
send 2 "$(decide_keys x cold)" &&
send 1 a
finish
check "pairs: desk 1 exits 0" [ "$rc1" = 0 ]
check "pairs: desk 2 exits 0" [ "$rc2" = 0 ]
check "pairs: Q1 PR-0001 DK01 has one decision, $u1's acceptance" \
	[ "$(pair_line DK01)" = "$u1:validated" ]
check "pairs: Q1 PR-0001 DK02 has one decision, $u2's rejection" \
	[ "$(pair_line DK02)" = "$u2:rejected" ]
refused "$shared/pair2.err" > f2
refused "$shared/pair1.err" > f1
check "pairs: desk 2 was refused once, naming $u1" \
	[ "$(grep -c " by $u1 at " f2) $(grep -c "" f2)" = "1 1" ]
check "pairs: desk 1 was refused once, naming $u2" \
	[ "$(grep -c " by $u2 at " f1) $(grep -c "" f1)" = "1 1" ]
check "pairs: desk 1 recorded one decision, Q1 PR-0001 DK01" \
	[ "$(recorded "$shared/pair1.err")" = "Q1 PR-0001 DK01" ]
check "pairs: desk 2 recorded one decision, Q1 PR-0001 DK02" \
	[ "$(recorded "$shared/pair2.err")" = "Q1 PR-0001 DK02" ]

# ---- the whole database ----------------------------------------------------
check "the line's validated_by is its last decision's decided_by" \
	[ "$(sql "$db" "SELECT count(*) FROM return_line r WHERE r.status <> 'submitted' AND
		r.validated_by IS NOT (SELECT d.decided_by FROM decision d
			WHERE d.return_line_id = r.id ORDER BY d.id DESC LIMIT 1)")" = 0 ]
check "each decision's audit entry names the same person" \
	[ "$(sql "$db" "SELECT count(*) FROM decision d WHERE d.origin = 'desk' AND NOT EXISTS
		(SELECT 1 FROM audit a WHERE a.entity = 'decision' AND a.entity_id = d.id
			AND a.action = 'insert' AND a.who = d.decided_by)")" = 0 ]
check "audit entries of decisions: $u1's" \
	[ "$(sql "$db" "SELECT count(*) FROM audit WHERE entity = 'decision' AND who = '$u1'")" = \
	  "$(sql "$db" "SELECT count(*) FROM decision WHERE decided_by = '$u1'")" ]
run "$SVDESK" check audit --db "$db"
check "svdesk check audit is clean" rc_is 0
check "every decision not recorded was refused as stale, naming who and when" \
	[ "$(cat "$shared"/*.err | grep -c '^status: not recorded')" = \
	  "$(for f in "$shared"/*.err; do refused "$f"; done | grep -c "")" ]
check "no \"database is locked\" in any desk's stderr or screen" \
	no_locked "$shared"/*.err "$shared"/*.txt

done_testing

#!/bin/sh
# crash.sh: svdesk killed with SIGKILL at random moments (CRASH_KILLS times,
# default 50, each) during four kinds of work:
#   import  a returns file of CRASH_LINES lines (default 20,000) into a
#           database holding its contracts and commitments;
#   desk    a headless desk deciding CRASH_DECISIONS lines (default 60) of
#           the returns queue, one after another (accept, reject, accept,
#           query ...);
#   demo    svdesk demo --contracts CRASH_DEMO_CONTRACTS (default 150) into
#           a new file;
#   backup  svdesk backup of the imported database into a new file.
# Each kind is first timed undisturbed (CRASH_BASE_RUNS runs, default 3, in
# each lane, the median kept); each kill time is then drawn uniformly from 0 to 1.1 times
# that, from a generator seeded with CRASH_SEED (printed: the same seed
# draws the same times).  After each kill:
#   - svdesk check integrity audit exits 0 (integrity_check and foreign
#     keys, the triggers, the audit chain replayed against the rows, the
#     year totals) and the sqlite3 shell's PRAGMA integrity_check says ok;
#   - all or nothing: the import is all there or not at all (the content,
#     audit entries included but for their time and hash, is that of the
#     database before it or of an undisturbed import); every decision is
#     whole (its line's status, validated_by and validated_at, its
#     decision row and its audit entry agree; as many decided lines as
#     decision rows and decision entries; every decision the desk reported
#     is there); the demo file is absent, empty (the spec: an empty file
#     counts as new) or the complete demo; the backup's destination is
#     absent or a complete copy that passes the same checks;
#   - no litter: beside the database and the destination nothing but the
#     database and SQLite's own -wal, -shm (and -journal) files, and after
#     the next svdesk command on the file (svdesk check) not even those;
#   - the next operation works: the import run again completes (or, when
#     the killed one had committed, changes nothing), the desk decides
#     more lines, the demo is made again (svdesk demo, or svdesk --demo on
#     every other kill), a new backup is complete.
# The figures (kills, where they landed: before the commit, during it (the
# write-ahead log holds frames of a transaction that never committed), amid
# the desk's decisions, after it while the process was still running, or
# after it had ended;
# times) are printed as TAP comments.  CRASH_JOBS (default 2) kills run side
# by side, each in its own folder.
. "$top_srcdir/tests/lib.sh"

KIT=$top_builddir/tests/hard/crashkit
KILLS=${CRASH_KILLS:-50}
LINES=${CRASH_LINES:-20000}
DECISIONS=${CRASH_DECISIONS:-60}
DEMO_CONTRACTS=${CRASH_DEMO_CONTRACTS:-150}
BASE_RUNS=${CRASH_BASE_RUNS:-3}
JOBS=${CRASH_JOBS:-2}
SEED=${CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
SCENARIOS=${CRASH_SCENARIOS:-import desk demo backup}
export SVDESK_NOW=2026-11-27
for v in "$KILLS" "$LINES" "$DECISIONS" "$DEMO_CONTRACTS" "$BASE_RUNS" "$JOBS" "$SEED"; do
	case $v in
	'' | *[!0-9]*) echo "Bail out! CRASH_* settings are whole numbers (got \"$v\")"; exit 99 ;;
	esac
done
[ "$KILLS" -ge 1 ] && [ "$JOBS" -ge 1 ] && [ "$BASE_RUNS" -ge 1 ] && [ "$LINES" -ge 1 ] &&
	[ "$DECISIONS" -ge 1 ] || { echo "Bail out! CRASH_KILLS, _JOBS, _BASE_RUNS, _LINES and _DECISIONS are at least 1"; exit 99; }
[ -x "$KIT" ] || { echo "Bail out! $KIT is not built (make check builds it)"; exit 99; }
echo "# seed $SEED (CRASH_SEED=$SEED draws the same kill times); $KILLS kills each," \
	"$JOBS side by side"
t_start=$(date +%s%N)

secs_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

# digest DB: the database's content, audit entries without their time and
# hash (which an import run again at another second changes), as one sum
# (the sqlite3 shell's sha3_query).
digest() {
	sqlite3 -batch "$1" "SELECT hex(sha3_query('$DIGEST_SQL'))"
}

# checked DB [again]: the next svdesk command (svdesk check integrity
# audit), then the sqlite3 shell's integrity_check; sets BAD to what failed
# (empty when all is well) and DIGEST to the database's digest.  With
# "again" (a database checked so already, after one more operation): svdesk
# check alone, which runs integrity_check too.
checked() {
	BAD=
	"$SVDESK" check integrity audit --db "$1" > "$1.check" 2>&1 ||
		BAD="svdesk check exits $?: $(grep -v '^audit head' "$1.check" | head -3 | tr '\n' ' ')"
	rm -f "$1.check"
	[ "${2:-}" != again ] || return 0
	ic=$(sqlite3 -batch "$1" "PRAGMA integrity_check; SELECT hex(sha3_query('$DIGEST_SQL'))" 2>&1)
	DIGEST=$(echo "$ic" | tail -1)
	ic=$(echo "$ic" | sed '$d' | tr '\n' ' ')
	[ "$ic" = "ok " ] || BAD="$BAD integrity_check: $ic"
}

# litter DIR NAME...: the files in DIR other than the NAMEs.
litter() {
	ld=$1
	shift
	ls -A "$ld" | while read -r f; do
		keep=
		for n in "$@"; do
			[ "$f" = "$n" ] && keep=1
		done
		[ -n "$keep" ] || printf '%s ' "$f"
	done
}

# ---- the data ---------------------------------------------------------------
contracts=$(( (LINES + 19) / 20 ))
LINES=$((contracts * 20))      # 10 measures, 2 quarters a contract
sh "$top_srcdir/tests/desk_data.sh" "$WORK/data" 2026 10 "Crash Ltd:CR:$contracts" ||
	{ echo "Bail out! desk_data.sh"; exit 99; }
"$SVDESK" init --db base.db > /dev/null || { echo "Bail out! init"; exit 99; }
for f in measures contracts commitments; do
	"$SVDESK" import "$f" "data/$f.csv" --db base.db > /dev/null ||
		{ echo "Bail out! import $f"; exit 99; }
done
DIGEST_SQL="$(sqlite3 -batch base.db "SELECT 'SELECT * FROM \"' || name || '\";'
	FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit'
	ORDER BY name") SELECT id, who, origin, entity, entity_id, action, before, after FROM audit;"

# base_time NAME: the operation run undisturbed, as the kills will run it:
# base_NAME DIR (which makes its files in the folder DIR and runs the
# operation through crashkit, printing how it ended) BASE_RUNS times in
# each of JOBS lanes side by side; sets T_NAME to the median microseconds.
base_time() {
	bt_lanes=""
	lane=0
	mkdir -p "base/$1"
	while [ "$lane" -lt "$JOBS" ]; do
		(
			bi=0
			while [ "$bi" -lt "$BASE_RUNS" ]; do
				mkdir -p "base/$1/$lane-$bi"
				"base_$1" "$WORK/base/$1/$lane-$bi"
				bi=$((bi + 1))
			done > "base/$1/$lane.out"
		) &
		bt_lanes="$bt_lanes $!"
		lane=$((lane + 1))
	done
	for p in $bt_lanes; do
		wait "$p"
	done
	if grep -v '^exited 0 ' base/"$1"/*.out > /dev/null; then
		echo "Bail out! $1 undisturbed: $(grep -hv '^exited 0 ' base/"$1"/*.out | head -1):" \
			"$(cat base/"$1"/*/err | head -3)"
		exit 99
	fi
	cat base/"$1"/*.out | awk '{ print $3 }' | sort -n > "base/$1/times"
	eval "T_$1=$(awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }' "base/$1/times")"
	echo "# $1 undisturbed ($JOBS side by side): $(awk '{ printf "%s%.0f", (NR > 1 ? ", " : ""), $1 / 1000 }' "base/$1/times") ms"
}

base_import() {
	cp base.db "$1/db"
	"$KIT" run -1 "$SVDESK" import returns "$WORK/data/returns.csv" --db "$1/db" 2> "$1/err"
}
base_desk() {
	cp imported.db "$1/db"
	"$KIT" run -1 "$SVDESK" --db "$1/db" --keys desk.keys --size 80x24 --dump "$1/screen" \
		2> "$1/err"
}
base_demo() {
	"$KIT" run -1 "$SVDESK" demo --contracts "$DEMO_CONTRACTS" --db "$1/demo.db" 2> "$1/err"
}
base_backup() {
	cp imported.db "$1/db"
	"$KIT" run -1 "$SVDESK" backup --db "$1/db" "$1/copy.db" 2> "$1/err"
}

# ---- kills ------------------------------------------------------------------
# Each kill_NAME I T kills one run at T microseconds in the folder k/NAME/I
# and writes beside it k/NAME/I.result: a line "land WHERE", then a line
# "fail WHAT: DETAIL" for each check that failed.

kill_import() {
	K=$WORK/k/import/$1
	mkdir -p "$K"
	cp base.db "$K/db"
	r=$("$KIT" run "$2" "$SVDESK" import returns "$WORK/data/returns.csv" --db "$K/db" \
		2> "$K.err")
	{
		l=$(litter "$K" db db-wal db-shm db-journal)
		[ -z "$l" ] || echo "fail litter: left $l"
		wal=$("$KIT" wal "$K/db-wal")
		checked "$K/db"
		[ -z "$BAD" ] || echo "fail check: $BAD"
		l=$(litter "$K" db)
		[ -z "$l" ] || echo "fail litter: after svdesk check: $l"
		d=$DIGEST
		if [ "$d" = "$D_before" ]; then
			state=before
		elif [ "$d" = "$D_after" ]; then
			state=after
		else
			state=other
			echo "fail whole: the database is neither as before the import nor as after it" \
				"($(sqlite3 "$K/db" 'SELECT count(*) FROM return_line') lines," \
				"$(sqlite3 "$K/db" 'SELECT count(*) FROM audit') audit entries)"
		fi
		case $r in
		exited*) echo "land exited" ;;
		*) if [ "$state" = after ]; then echo "land after"
		   elif [ "$(echo "$wal" | awk '{ print $6 }')" -gt 0 ]; then echo "land during"
		   else echo "land before"; fi ;;
		esac
		# the next import
		"$SVDESK" import returns "$WORK/data/returns.csv" --db "$K/db" > "$K.out2" 2> "$K.err2"
		rc=$?
		if [ "$rc" != 0 ]; then
			echo "fail next: the import again exits $rc: $(head -2 "$K.err2" | tr '\n' ' ')"
		elif [ "$(digest "$K/db")" != "$D_after" ]; then
			echo "fail next: the import again did not leave the database as an" \
				"undisturbed import does"
		elif [ "$state" = before ]; then
			checked "$K/db" again
			[ -z "$BAD" ] || echo "fail next: after the import again: $BAD"
		elif ! grep -q " 0 added, 0 changed, $LINES unchanged" "$K.out2"; then
			echo "fail next: the import again changed something: $(cat "$K.out2")"
		fi
	} > "$K.result" 2>&1
}

# the desk: the queue (4), then decisions in turn: accept, reject (reason
# "cold"), accept, query ("dirt")
desk_keys() {
	echo 4
	awk -v n="$1" 'BEGIN {
		for (i = 0; i < n; i++)
			print (i % 4 == 1 ? "x c o l d <Enter>" : i % 4 == 3 ? "e d i r t <Enter>" : "a")
	}'
}

# desk_bad DB REPORTED: what breaks "each decision whole"; REPORTED, a file
# of the lines the desk said it decided ("Q1 CR-0001 DK01"), all in the DB
DESK_SQL="SELECT
  (SELECT count(*) FROM return_line WHERE status <> 'submitted'),
  (SELECT count(*) FROM decision),
  (SELECT count(*) FROM audit WHERE entity = 'decision'),
  (SELECT count(*) FROM return_line r JOIN decision d ON d.return_line_id = r.id
     JOIN audit a ON a.entity = 'decision' AND a.entity_id = d.id
   WHERE r.status <> 'submitted' AND d.status = r.status AND d.decided_by = r.validated_by
     AND d.decided_at = r.validated_at AND d.validated IS r.validated AND d.reason IS r.reason
     AND r.version = d.line_version + 1 AND d.origin = 'desk'
     AND json_extract(a.after, '\$.status') = r.status
     AND json_extract(a.after, '\$.decided_at') = r.validated_at
     AND json_extract(a.after, '\$.return_line_id') = r.id
     AND json_extract(a.before, '\$.status') = 'submitted')"
desk_bad() {
	sqlite3 -batch -separator ' ' "$1" "$DESK_SQL; SELECT 'Q' || r.quarter || ' ' || c.ref
		|| ' ' || m.code FROM return_line r JOIN commitment cm ON cm.id = r.commitment_id
		JOIN contract c ON c.id = cm.contract_id JOIN measure m ON m.id = cm.measure_id
		WHERE r.status <> 'submitted'" > "$1.out"
	sed 1d "$1.out" | sort > "$1.decided"
	set -- "$1" "$2" $(head -1 "$1.out")
	rm -f "$1.out"
	if [ "$3 $4 $5 $6" != "$3 $3 $3 $3" ]; then
		echo "decided lines $3, decision rows $4, decision entries $5, whole decisions $6"
	fi
	lost=$(sort "$2" | comm -23 - "$1.decided" | head -3 | tr '\n' ' ')
	[ -z "$lost" ] || echo "reported as decided but not in the database: $lost"
}

kill_desk() {
	K=$WORK/k/desk/$1
	mkdir -p "$K"
	cp imported.db "$K/db"
	r=$("$KIT" run "$2" "$SVDESK" --db "$K/db" --keys "$WORK/desk.keys" --size 80x24 \
		--dump "$WORK/k/desk/$1.screen" 2> "$WORK/k/desk/$1.err")
	{
		pending=$("$KIT" wal "$K/db-wal" | awk '{ print $6 }')
		l=$(litter "$K" db db-wal db-shm db-journal)
		[ -z "$l" ] || echo "fail litter: left $l"
		checked "$K/db"
		[ -z "$BAD" ] || echo "fail check: $BAD"
		l=$(litter "$K" db)
		[ -z "$l" ] || echo "fail litter: after svdesk check: $l"
		grep -E '^status: (accepted|rejected|query) Q[1-4] ' "$WORK/k/desk/$1.err" |
			sed -n 's/.*\(Q[1-4]\) \([A-Z][A-Z]-[0-9]*\) \(DK[0-9]*\).*/\1 \2 \3/p' > "$K/reported"
		bad=$(desk_bad "$K/db" "$K/reported")
		[ -z "$bad" ] || echo "fail whole: $bad"
		n=$(grep -c '' "$K/db.decided")
		rep=$(grep -c '' "$K/reported")
		[ $((n - rep)) -le 1 ] ||
			echo "fail whole: $n decided lines, $rep reported: more than the one under way"
		case $r in
		exited*) echo "land exited" ;;
		*) if [ "$n" -ge "$DECISIONS" ]; then echo "land after"
		   elif [ "$pending" -gt 0 ]; then echo "land during"
		   elif [ "$n" -eq 0 ]; then echo "land before"
		   else echo "land amid"; fi ;;
		esac
		echo "decided $n"
		# the next desk: five more decisions
		"$SVDESK" --db "$K/db" --keys "$WORK/desk5.keys" --size 80x24 \
			--dump "$K.screen2" 2> "$K.err2"
		rc=$?
		grep -E '^status: (accepted|rejected|query) Q[1-4] ' "$K.err2" |
			sed -n 's/.*\(Q[1-4]\) \([A-Z][A-Z]-[0-9]*\) \(DK[0-9]*\).*/\1 \2 \3/p' |
			cat "$K/reported" - > "$K/reported2"
		if [ "$rc" != 0 ]; then
			echo "fail next: the desk again exits $rc: $(grep -v '^status:' "$K.err2" | head -2)"
		else
			bad=$(desk_bad "$K/db" "$K/reported2")
			n2=$(grep -c '' "$K/db.decided")
			[ "$n2" = $((n + 5)) ] || bad="$bad; $n2 decided lines after five more decisions on $n"
			checked "$K/db" again
			[ -z "$BAD" ] || bad="$bad; $BAD"
			[ -z "$bad" ] || echo "fail next: after five more decisions: $bad"
		fi
	} > "$K.result" 2>&1
}

kill_demo() {
	K=$WORK/k/demo/$1
	mkdir -p "$K"
	r=$("$KIT" run "$2" "$SVDESK" demo --contracts "$DEMO_CONTRACTS" --db "$K/demo.db" \
		2> "$WORK/k/demo/$1.err")
	{
		l=$(litter "$K" demo.db demo.db-wal demo.db-shm demo.db-journal)
		[ -z "$l" ] || echo "fail litter: left $l"
		if [ ! -e "$K/demo.db" ]; then
			state=absent
		elif [ ! -s "$K/demo.db" ] && [ ! -s "$K/demo.db-wal" ] && [ ! -s "$K/demo.db-journal" ]; then
			state=empty
		else
			state=file
		fi
		# the next svdesk command: svdesk check
		if [ "$state" = file ]; then
			checked "$K/demo.db"
			if [ -z "$BAD" ]; then
				if [ "$DIGEST" = "$D_demo" ]; then
					state=complete
				else
					echo "fail whole: svdesk check passes, but the demo is not all there" \
						"($(sqlite3 "$K/demo.db" 'SELECT count(*) FROM contract') contracts)"
				fi
			elif [ ! -s "$K/demo.db" ] && echo "$BAD" | grep -q 'empty file, not yet a database'; then
				state=emptied       # SQLite's recovery undid an unfinished write
			else
				echo "fail whole: neither absent, empty nor complete: $BAD"
			fi
		else
			"$SVDESK" check integrity audit --db "$K/demo.db" > "$K.check" 2>&1
			rc=$?
			[ "$rc" = 1 ] && grep -q 'no such database\|empty file, not yet a database' "$K.check" ||
				echo "fail whole: svdesk check on the $state file exits $rc: $(head -2 "$K.check")"
		fi
		l=$(litter "$K" demo.db)
		[ -z "$l" ] || echo "fail litter: after svdesk check: $l"
		case $r in
		exited*) echo "land exited" ;;
		*)
			case $state in
			complete) echo "land after" ;;
			absent | empty) echo "land before" ;;
			*) echo "land during" ;;
			esac ;;
		esac
		echo "state $state"
		# the next demo: svdesk demo, or the desk's --demo every other time
		if [ $(($1 % 2)) = 0 ]; then
			"$SVDESK" demo --contracts "$DEMO_CONTRACTS" --db "$K/demo.db" > "$K.out2" 2>&1
			rc=$? want=$D_demo
			if [ "$state" = complete ]; then
				[ "$rc" = 1 ] && grep -q 'already holds data' "$K.out2" ||
					echo "fail next: demo on the complete demo exits $rc: $(head -2 "$K.out2")"
			elif [ "$rc" != 0 ]; then
				echo "fail next: the demo again exits $rc: $(head -2 "$K.out2" | tr '\n' ' ')"
			fi
		else
			"$SVDESK" --demo --db "$K/demo.db" --keys /dev/null --size 80x24 \
				--dump "$K.screen2" > "$K.out2" 2>&1
			rc=$?
			want=$D_demo60
			[ "$state" != complete ] || want=$D_demo
			if [ "$rc" != 0 ]; then
				echo "fail next: svdesk --demo exits $rc: $(head -2 "$K.out2" | tr '\n' ' ')"
			elif ! head -1 "$K.screen2" | grep -q DEMO; then
				echo "fail next: svdesk --demo does not show DEMO: $(head -1 "$K.screen2")"
			fi
		fi
		checked "$K/demo.db"
		if [ -n "$BAD" ]; then
			echo "fail next: after the demo again: $BAD"
		elif [ "$DIGEST" != "$want" ]; then
			echo "fail next: the demo made again is not the undisturbed demo" \
				"($(sqlite3 "$K/demo.db" 'SELECT count(*) FROM contract') contracts)"
		fi
	} > "$K.result" 2>&1
}

kill_backup() {
	K=$WORK/k/backup/$1
	mkdir -p "$K/to"
	cp imported.db "$K/db"
	r=$("$KIT" run "$2" "$SVDESK" backup --db "$K/db" "$K/to/copy.db" \
		2> "$WORK/k/backup/$1.err")
	{
		l=$(litter "$K" db db-wal db-shm to)
		[ -z "$l" ] || echo "fail litter: left beside the database: $l"
		l=$(litter "$K/to" copy.db)
		[ -z "$l" ] || echo "fail litter: left beside the copy: $l"
		if [ -e "$K/to/copy.db" ]; then
			checked "$K/to/copy.db"
			[ -z "$BAD" ] || echo "fail whole: the copy is there but not complete: $BAD"
			[ "$DIGEST" = "$D_after" ] ||
				echo "fail whole: the copy is there but differs from the database"
			state=copied
		else
			state=absent
		fi
		checked "$K/db"
		[ -z "$BAD" ] || echo "fail check: $BAD"
		[ "$DIGEST" = "$D_after" ] || echo "fail whole: the database changed"
		l=$(litter "$K" db to)
		[ -z "$l" ] || echo "fail litter: after svdesk check: $l"
		case $r in
		exited*) echo "land exited" ;;
		*) if [ "$state" = copied ]; then echo "land after"; else echo "land before"; fi ;;
		esac
		"$SVDESK" backup --db "$K/db" "$K/to/again.db" > "$K.out2" 2>&1
		rc=$?
		if [ "$rc" != 0 ]; then
			echo "fail next: the backup again exits $rc: $(head -2 "$K.out2" | tr '\n' ' ')"
		else
			ic=$(sqlite3 -batch "$K/to/again.db" 'PRAGMA integrity_check' 2>&1)
			[ "$ic" = ok ] && [ "$(digest "$K/to/again.db")" = "$D_after" ] ||
				echo "fail next: the backup again is not a complete copy ($ic)"
		fi
	} > "$K.result" 2>&1
}

# run_kills NAME: the kills of a scenario, JOBS lanes side by side; then
# one TAP line for each thing checked, naming the kills that broke it.
run_kills() {
	rk=$1
	rk_t=$(eval "echo \$T_$rk")
	max=$((rk_t * 11 / 10))
	mkdir -p "k/$rk"
	"$KIT" draw "$SEED" "$KILLS" "$max" > "k/$rk/times"
	rk_start=$(date +%s%N)
	lane=0
	lanes=""
	while [ "$lane" -lt "$JOBS" ]; do
		awk -v j="$JOBS" -v l="$lane" '(NR - 1) % j == l { print NR, $1 }' "k/$rk/times" |
			while read -r i t; do
				"kill_$rk" "$i" "$t"
			done &
		lanes="$lanes $!"
		lane=$((lane + 1))
	done
	for p in $lanes; do
		wait "$p"
	done
	secs=$(secs_since "$rk_start")
	i=1
	: > "k/$rk/all"
	while [ "$i" -le "$KILLS" ]; do
		if [ -f "k/$rk/$i.result" ]; then
			sed "s/^/$i /" "k/$rk/$i.result" >> "k/$rk/all"
		else
			echo "$i fail run: no result" >> "k/$rk/all"
		fi
		i=$((i + 1))
	done
	counts=$(awk '$2 == "land" { n[$3]++ } END {
		printf "before %d, during %d, amid %d, after %d, exited %d",
			n["before"], n["during"], n["amid"], n["after"], n["exited"] }' "k/$rk/all")
	echo "# $rk: $KILLS kills in $secs s (undisturbed $((rk_t / 1000)) ms, kills drawn in 0..$((max / 1000)) ms): $counts"
	for what in check whole litter next run; do
		case $what in
		check) label="svdesk check integrity audit exits 0 and integrity_check is ok" ;;
		whole) label="all or nothing" ;;
		litter) label="no litter, and none after the next svdesk command" ;;
		next) label="the next operation works" ;;
		run) label="every kill was checked" ;;
		esac
		fails=$(grep -c "^[0-9]* fail $what:" "k/$rk/all")
		if [ "$fails" = 0 ]; then
			[ "$what" = run ] || ok "$rk: after each of $KILLS kills: $label"
		else
			not_ok "$rk: after each of $KILLS kills: $label ($fails failed)"
			grep "^[0-9]* fail $what:" "k/$rk/all" | head -5 | sed 's/^/#   kill /'
		fi
	done
}

# ---- the scenarios -----------------------------------------------------------
# the references: the database before and after an undisturbed import, the
# demos of the kills and of svdesk --demo
cp base.db imported.db
"$SVDESK" import returns "$WORK/data/returns.csv" --db imported.db > /dev/null ||
	{ echo "Bail out! import returns"; exit 99; }
D_before=$(digest base.db)
D_after=$(digest imported.db)
desk_keys "$DECISIONS" > desk.keys
desk_keys 5 > desk5.keys
for s in $SCENARIOS; do
	case $s in
	import) base_time import ;;
	desk)
		base_time desk
		[ "$(sqlite3 base/desk/0-0/db 'SELECT count(*) FROM decision')" = "$DECISIONS" ] ||
			{ echo "Bail out! the undisturbed desk did not decide $DECISIONS lines"; exit 99; } ;;
	demo)
		"$SVDESK" demo --db demo60.db > /dev/null || { echo "Bail out! demo"; exit 99; }
		D_demo60=$(digest demo60.db)
		base_time demo
		D_demo=$(digest base/demo/0-0/demo.db) ;;
	backup) base_time backup ;;
	*) echo "Bail out! CRASH_SCENARIOS: unknown scenario $s"; exit 99 ;;
	esac
	rm -rf "base/$s"
	run_kills "$s"
done
times > "$WORK/times"
echo "# all: $(secs_since "$t_start") s; processor time of the commands run (user, system):" \
	"$(tail -1 "$WORK/times")"
done_testing

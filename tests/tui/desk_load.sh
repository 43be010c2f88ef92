#!/bin/sh
# desk_load.sh: four headless desks in parallel on one database, each
# deciding its own 2,500 return lines (its supplier's, reached through the
# queue's supplier filter) and racing the three others on 500 shared ones
# (the supplier "Shared Ltd").  Shows that the 10,000 own decisions are all
# recorded, that each shared line was decided once and every other attempt
# on it refused (the counts are printed), that the audit chain is intact
# (svdesk check audit) and that no desk ever said "database is locked".
# Each desk decides in its own way, so that the database tells whose a
# decision is: A queries ("told") and accepts its own lines, B rejects
# ("cold"), C queries ("dirt"), D rejects ("tilt").  Sizes: DESK_LOAD_OWN and DESK_LOAD_SHARED contracts of 20 lines
# (default 125 and 25: the issue's 2,500 and 500).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/desk_lib.sh"

export SVDESK_NOW=2026-11-27
own_c=${DESK_LOAD_OWN:-125} shared_c=${DESK_LOAD_SHARED:-25}
NOWN=$((own_c * 20)) NSHARED=$((shared_c * 20))
db=$WORK/load.db
desk_db "$db" "$WORK/data" 10 "Desk A Ltd:DA:$own_c" "Desk B Ltd:DB:$own_c" \
	"Desk C Ltd:DC:$own_c" "Desk D Ltd:DD:$own_c" "Shared Ltd:SH:$shared_c" || exit 99
check "the database has the $((4 * NOWN + NSHARED)) lines to decide" \
	[ "$(sql "$db" "SELECT count(*) FROM return_line WHERE status = 'submitted'")" = \
	  $((4 * NOWN + NSHARED)) ]

# desk_keys LETTER KIND TEXT [OWNKIND]: the keys of desk LETTER once its
# queue shows the shared lines: a decision for every shared line (all four
# desks start there at the same instant: the race), then its own supplier's
# lines, a decision for each (OWNKIND, default KIND).  On an empty list a
# key does nothing: the texts are of letters that no view binds.
desk_keys() {
	repeat "$NSHARED" "$(decide_keys "$2" "$3")"
	echo "$(supplier_keys "Desk $1 Ltd")"
	repeat "$NOWN" "$(decide_keys "${4:-$2}" "$3")"
}
# Every desk queries or rejects the shared lines (the same number of keys a
# line, so that none is quicker); A accepts its own.
desk_keys A e told a > A.keys
desk_keys B x cold > B.keys
desk_keys C e dirt > C.keys
desk_keys D x tilt > D.keys

# The desks read their keys from named pipes (descriptors 5 to 8 here): each
# opens the database and the shared supplier's queue, and says so (the bad
# key name <Ready> makes it write "key script line 1: unknown key name"),
# then all four get their decisions at once.
pids=""
fd=5
for d in A B C D; do
	mkfifo "$d.fifo" || exit 99
	"$SVDESK" --db "$db" --keys "$d.fifo" --size 80x24 --dump "$d.txt" 2>"$d.err" &
	pids="$pids $!"
	# read-write: the open never blocks, even if the desk failed before opening its end
	eval "exec $fd<>$d.fifo"
	printf '4 %s <Ready>\n' "$(supplier_keys "Shared Ltd")" >&$fd
	fd=$((fd + 1))
done
for d in A B C D; do
	wait_for "$d.err" "<Ready>" || not_ok "desk $d opened the shared queue" "$(tail -3 "$d.err")"
done
start=$(date +%s%N)
cats=""
fd=5
for d in A B C D; do
	cat "$d.keys" >&$fd &
	cats="$cats $!"
	fd=$((fd + 1))
done
for p in $cats; do
	wait "$p"
done
exec 5>&- 6>&- 7>&- 8>&-
rcs=""
for p in $pids; do
	wait "$p"
	rcs="$rcs $?"
done
secs=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
check "the four desks exit 0 (got:$rcs)" [ "$rcs" = " 0 0 0 0" ]

# whose: the SQL condition on d (decision) of a desk's decisions
whose() {
	case $1 in
	A) echo "((d.status = 'query' AND d.reason = 'told') OR d.status = 'validated')" ;;
	B) echo "d.status = 'rejected' AND d.reason = 'cold'" ;;
	C) echo "d.status = 'query' AND d.reason = 'dirt'" ;;
	D) echo "d.status = 'rejected' AND d.reason = 'tilt'" ;;
	esac
}
supplier_where() {
	echo "c.supplier_id = (SELECT id FROM supplier WHERE name = '$1')"
}

refused_total=0
recorded_shared=0
for d in A B C D; do
	recorded "$d.err" > "$d.rec"
	db_decided "$db" "$(whose $d)" | awk '{ print $1, $2, $3 }' > "$d.db"
	check "desk $d: the database holds exactly the decisions it reported ($(grep -c "" "$d.rec"))" \
		cmp -s "$d.rec" "$d.db"
	check "desk $d: its $NOWN own lines decided, each once, all its way" \
		[ "$(db_decided "$db" "$(supplier_where "Desk $d Ltd") AND $(whose $d)" | grep -c "") \
$(db_decided "$db" "$(supplier_where "Desk $d Ltd")" | grep -c "") $(grep -c " D$d-" "$d.rec")" = \
		"$NOWN $NOWN $NOWN" ]
	refused "$d.err" > "$d.ref"
	n=$(grep -c "" "$d.ref")
	check "desk $d: every decision not recorded ($(grep -c '^status: not recorded' "$d.err")) was refused as stale, naming who and when" \
		[ "$(grep -c '^status: not recorded' "$d.err")" = "$n" ]
	s=$(grep -c " SH-" "$d.rec")
	echo "# desk $d: decided $s shared lines, refused $n times"
	refused_total=$((refused_total + n))
	recorded_shared=$((recorded_shared + s))
done
per_line=$(sql "$db" "SELECT count(d.id) FROM return_line r
	JOIN commitment cm ON cm.id = r.commitment_id JOIN contract c ON c.id = cm.contract_id
	LEFT JOIN decision d ON d.return_line_id = r.id
	WHERE $(supplier_where "Shared Ltd") GROUP BY r.id" | sort | uniq -c | awk '{ print $1 "x" $2 }')
check "each of the $NSHARED shared lines has exactly one decision (got: $per_line)" \
	[ "$per_line" = "${NSHARED}x1" ]
check "the desks reported $NSHARED shared decisions recorded, in all (got $recorded_shared)" \
	[ "$recorded_shared" = "$NSHARED" ]
own=$(sql "$db" "SELECT count(*) FROM decision d JOIN return_line r ON r.id = d.return_line_id
	JOIN commitment cm ON cm.id = r.commitment_id JOIN contract c ON c.id = cm.contract_id
	WHERE d.origin = 'desk' AND c.supplier_id <> (SELECT id FROM supplier WHERE name = 'Shared Ltd')")
check "no line is left awaiting validation" \
	[ "$(sql "$db" "SELECT count(*) FROM return_line WHERE status = 'submitted'")" = 0 ]
check "the $((4 * NOWN)) own decisions are recorded (got $own)" [ "$own" = $((4 * NOWN)) ]
echo "# shared lines: decided $NSHARED, refused $refused_total," \
	"attempts $((recorded_shared + refused_total)); own decisions $own; $secs s"
check "each desk decision has its one audit entry" \
	[ "$(sql "$db" "SELECT count(*) FROM decision d WHERE d.origin = 'desk' AND (SELECT count(*)
		FROM audit a WHERE a.entity = 'decision' AND a.entity_id = d.id) <> 1")" = 0 ]
run "$SVDESK" check audit --db "$db"
check "svdesk check audit: the chain is intact" rc_is 0
check "no \"database is locked\" in any desk's stderr or screen" \
	no_locked A.err B.err C.err D.err A.txt B.txt C.txt D.txt

done_testing

#!/bin/sh
# load.sh: many headless desks and importers on one database for a minute.
#
# LOAD_DESKS desks (default 8) work down the returns queue: first all of
# them race on the lines of one shared supplier (each rejects or queries
# with a reason of its own, so that the database tells whose a decision
# is), then each accepts its own supplier's lines, a decision and a pause
# of LOAD_PAUSE_MS (default 100) at a time.  Meanwhile LOAD_IMPORTERS
# importers (default 2) run svdesk import without a break but a pause of
# LOAD_IMPORT_PAUSE_MS (default 250): new return lines for the desks'
# suppliers (a contract's 20 lines for each of its suppliers), then new
# titles for five contracts of each, in turn.  After LOAD_SECONDS (default
# 60) the importers stop; the desks get two more seconds, then SIGTERM
# (the way a dropped session ends a desk).
#
# What it shows: every decision a desk reported is in the database and no
# other; every decision it did not record was refused as stale, naming who
# and when; every import said it succeeded and is entirely there; nothing
# says "database is locked" (or busy), on a desk's screen or stderr or in
# an importer's output; each desk's last screen counts what the database
# holds; svdesk check is clean.  And every desk's screen is current within
# a second: with SVDESK_TIMING_LOG each process logs its commits and each
# desk its looks for other connections' writes, and for each importer's
# commit and each desk, the time from the commit (when COMMIT was asked
# for) to the end of the redraw of the first look that saw it is measured
# (max, median, 95th percentile, count printed; the max must be under
# LOAD_LATENCY_MS, default 1000, whatever the load average, which is
# printed beside it).  The same is printed,
# for information, for the desks' decisions as the other desks see them,
# with the throughput and how long the imports took.
#
# Sizes: LOAD_OWN contracts of each desk's supplier at the start (default
# 30: 600 lines each) and LOAD_SHARED of the shared supplier (default 3: 60
# lines).  Needs no root; takes LOAD_SECONDS plus 20 to 30 s.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/desk_lib.sh"

export SVDESK_NOW=2026-11-27
secs=${LOAD_SECONDS:-60} ndesks=${LOAD_DESKS:-8} nimp=${LOAD_IMPORTERS:-2}
pause=${LOAD_PAUSE_MS:-100} ipause=${LOAD_IMPORT_PAUSE_MS:-250}
own=${LOAD_OWN:-30} shared=${LOAD_SHARED:-3} bound=${LOAD_LATENCY_MS:-1000}
for v in "LOAD_SECONDS:$secs:1:3600" "LOAD_DESKS:$ndesks:1:12" "LOAD_IMPORTERS:$nimp:1:12" \
	"LOAD_PAUSE_MS:$pause:1:10000" "LOAD_IMPORT_PAUSE_MS:$ipause:0:60000" \
	"LOAD_OWN:$own:1:999" "LOAD_SHARED:$shared:1:99" "LOAD_LATENCY_MS:$bound:1:60000"; do
	IFS=: read -r name val lo hi <<EOF
$v
EOF
	case $val in
	'' | *[!0-9]*) echo "1..0 # SKIP $name=\"$val\" is not a whole number"; exit 0 ;;
	esac
	if [ "$val" -lt "$lo" ] || [ "$val" -gt "$hi" ]; then
		echo "1..0 # SKIP $name=$val is out of range ($lo to $hi)"
		exit 0
	fi
done
now_ns() { date +%s%N; }
t_setup=$(now_ns)

# Desk k (1..ndesks) is letter L, its supplier "Desk L Ltd" (contracts
# DL-0001 ...), its reason on the shared lines a word of letters that no
# view binds (typed into an empty list, they do nothing).
letters=ABCDEFGHIJKL
words="told dirt tilt doll hold void riot toil idol lid rod hid"
letter() { printf '%s' "$letters" | cut -c"$1"; }
word() { printf '%s\n' $words | sed -n "$1p"; }
desks=$(seq 1 "$ndesks")

# Importer i (1..nimp) looks after the suppliers of desks k with k mod nimp
# = i mod nimp; its returns imports add the lines of one more contract of
# each (DL-0031, DL-0032 ... with the default LOAD_OWN), its contracts
# imports retitle DL-0001 to DL-0005.  Enough contracts for an import
# every LOAD_IMPORT_PAUSE_MS.
extra=$((secs * 1000 / (ipause + 20) / 2 + 2))
groups=""
for k in $desks; do
	L=$(letter "$k")
	groups="$groups|Desk $L Ltd:D$L:$((own + extra))"
done
db=$WORK/load.db
IFS='|'
# shellcheck disable=SC2086
sh "$top_srcdir/tests/desk_data.sh" data 2026 10 ${groups#|} "Shared Ltd:SH:$shared" || exit 99
unset IFS
"$SVDESK" init --db "$db" >/dev/null || exit 99
for f in measures contracts commitments; do
	"$SVDESK" import "$f" "data/$f.csv" --db "$db" >/dev/null || exit 99
done
# The lines of the first LOAD_OWN contracts of each supplier (and the
# shared ones) are there from the start; the importers' files are
# imp/I.returns.R.csv (the lines of contract LOAD_OWN + R of each of its
# suppliers) and imp/I.contracts.R.csv (its suppliers' first five
# contracts, the title ending " rev R").
mkdir imp
awk -F, -v OFS=, -v own="$own" -v extra="$extra" -v nimp="$nimp" -v letters="$letters" '
	function importer(ref) {
		i = index(letters, substr(ref, 2, 1)) % nimp
		return i == 0 ? nimp : i
	}
	FNR == 1 { head = $0; if (FILENAME ~ /returns/) print > "data/start.csv"; next }
	FILENAME ~ /contracts/ {
		if ($1 ~ /^SH-/ || substr($1, 4) + 0 > 5)
			next
		t = $2
		for (r = 1; r <= extra; r++) {
			f = "imp/" importer($1) ".contracts." r ".csv"
			if (!(f in seen)) { print head > f; seen[f] = 1 }
			$2 = t " rev " r
			print >> f
			close(f)
		}
		next
	}
	{ n = substr($1, 4) + 0 }
	$1 ~ /^SH-/ || n <= own { print > "data/start.csv"; next }
	{
		f = "imp/" importer($1) ".returns." (n - own) ".csv"
		if (!(f in seen)) { print head > f; seen[f] = 1; close(f) }
		print >> f
		close(f)
	}' data/contracts.csv data/returns.csv || exit 99
"$SVDESK" import returns data/start.csv --db "$db" >/dev/null || exit 99
check "the importers' files are made (the first: $(($(grep -c "" imp/1.returns.1.csv) - 1)) lines)" \
	[ "$(grep -c "" imp/1.returns.1.csv)" -gt 20 ]

# desk_keys K: desk K's keys: the shared supplier's lines, a decision on the
# selected one and a pause, as many times as there are shared lines; then
# its own supplier's, accepted one by one with a pause, more than the run
# has time for.
desk_keys() {
	kind=x
	[ $(($1 % 2)) = 0 ] && kind=e
	repeat $((shared * 20)) "$(decide_keys $kind "$(word "$1")") <Sleep:$pause>"
	echo "$(supplier_keys "Desk $(letter "$1") Ltd")"
	repeat $((secs * 1000 / pause + 100)) "a <Sleep:$pause>"
}
setup_s=$(awk -v a="$t_setup" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
echo "# setup: $ndesks desks, $nimp importers, $(sql "$db" "SELECT count(*) FROM return_line") lines" \
	"at the start, $extra contracts to import for each desk's supplier; ${setup_s} s"

# The desks open the shared supplier's queue and say so (the bad key name
# <Ready> makes "key script line 1: unknown key name"); once all are there
# each gets its keys, and the importers start.
pids=""
for k in $desks; do
	mkfifo "d$k.fifo" || exit 99
	SVDESK_TIMING_LOG=$WORK/d$k.log "$SVDESK" --db "$db" --keys "d$k.fifo" --size 100x30 \
		--dump "d$k.txt" 2>"d$k.err" &
	pids="$pids $!"
	desk_keys "$k" > "d$k.keys"
done
writers=""
for k in $desks; do
	# read-write: the open never blocks, even if the desk failed before
	# opening its end (the writers are stopped with the desks)
	exec 3<>"d$k.fifo"
	{ printf '4 %s <Ready>\n' "$(supplier_keys "Shared Ltd")"; cat "d$k.keys"; } >&3 &
	writers="$writers $!"
	exec 3>&-
done
for k in $desks; do
	wait_for "d$k.err" "<Ready>" || not_ok "desk $k opened the shared queue" "$(tail -3 "d$k.err")"
done
start=$(now_ns)
opening_s=$(awk -v a="$t_setup" -v b="$start" -v s="$setup_s" 'BEGIN { printf "%.1f", (b - a) / 1e9 - s }')
load_start=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null)
deadline=$((start + secs * 1000000000))

# importer I: until the deadline, an import (returns, then contracts, in
# turn) and a pause; imp/I.list has "N KIND FILE STATUS MS" a line (MS:
# how long the import took).
importer() {
	n=0
	while [ "$(now_ns)" -lt "$deadline" ]; do
		n=$((n + 1))
		r=$(((n + 1) / 2))
		kind=returns
		[ $((n % 2)) = 0 ] && kind=contracts
		[ "$r" -gt "$extra" ] && break
		f=imp/$1.$kind.$r.csv
		t0=$(now_ns)
		SVDESK_TIMING_LOG=$WORK/i$1.log "$SVDESK" import "$kind" "$f" --db "$db" \
			>"imp/$1.$n.out" 2>"imp/$1.$n.err"
		rc=$?
		echo "$n $kind $f $rc $((($(now_ns) - t0) / 1000000))" >> "imp/$1.list"
		[ "$ipause" -gt 0 ] && sleep "$(awk -v p="$ipause" 'BEGIN { print p / 1000 }')"
	done
}
ipids=""
for i in $(seq 1 "$nimp"); do
	: > "imp/$i.list"
	importer "$i" &
	ipids="$ipids $!"
done
for p in $ipids; do
	wait "$p"
done
load_end=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null)
# the desks look at least every LOAD_PAUSE_MS: two seconds to see the last imports
sleep 2
for p in $pids $writers; do
	kill -TERM "$p" 2>/dev/null
done
rcs=""
for p in $pids; do
	wait "$p"
	rcs="$rcs $?"
done
run_s=$(awk -v a="$start" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
check "the $ndesks desks end cleanly on SIGTERM (status 143, or 0 when their keys ran out; got:$rcs)" \
	[ -z "$(echo "$rcs" | tr ' ' '\n' | grep -v -x -e '' -e 0 -e 143)" ]
for p in $writers; do
	wait "$p" 2>/dev/null
done

# ---- the decisions ------------------------------------------------------------
supplier_is() {
	echo "c.supplier_id = (SELECT id FROM supplier WHERE name = '$1')"
}
# every desk decision: "Q1 DA-0001 DK01 SUPPLIER-PREFIX REASON"
sql "$db" "SELECT 'Q' || r.quarter || ' ' || c.ref || ' ' || m.code || ' ' || substr(c.ref, 1, 2)
		|| ' ' || coalesce(d.reason, '-')
	FROM decision d JOIN return_line r ON r.id = d.return_line_id
	JOIN commitment cm ON cm.id = r.commitment_id JOIN contract c ON c.id = cm.contract_id
	JOIN measure m ON m.id = cm.measure_id WHERE d.origin = 'desk'" > decided.db
total_rec=0 total_ref=0 total_waits=0 total_shared=0 bad_ends=""
for k in $desks; do
	L=$(letter "$k")
	recorded "d$k.err" > "d$k.rec"
	awk -v own="D$L" -v why="$(word "$k")" '$4 == own || ($4 == "SH" && $5 == why) {
		print $1, $2, $3 }' decided.db | sort > "d$k.db"
	nrec=$(grep -c "" "d$k.rec")
	check "desk $L: the database holds exactly the $nrec decisions it reported" \
		cmp -s "d$k.rec" "d$k.db"
	refused "d$k.err" > "d$k.ref"
	nref=$(grep -c "" "d$k.ref")
	# what else it did not record: at most its last message, a wait cut
	# short by SIGTERM
	grep '^status: not recorded' "d$k.err" | grep -v -F -x -f "d$k.ref" > "d$k.unrec"
	if [ -s "d$k.unrec" ] && ! { [ "$(grep -c "" "d$k.unrec")" = 1 ] &&
		[ "$(grep '^status: ' "d$k.err" | tail -1)" = "$(cat "d$k.unrec")" ]; }; then
		bad_ends="$bad_ends $L"
		not_ok "desk $L: every decision not recorded was refused as stale, naming who and when" \
			"$(head -3 "d$k.unrec")"
	fi
	nwait=$(grep -c "^status: waiting for another desk's write" "d$k.err")
	nshared=$(grep -c " SH-" "d$k.rec")
	echo "# desk $L: $nrec decisions recorded ($nshared shared), $nref refused as stale," \
		"$nwait waits for another's write"
	total_rec=$((total_rec + nrec)) total_ref=$((total_ref + nref))
	total_waits=$((total_waits + nwait)) total_shared=$((total_shared + nshared))
done
[ -z "$bad_ends" ] && ok "every decision the desks did not record was refused as stale, naming who and when"
all=$(sql "$db" "SELECT count(*) FROM decision WHERE origin = 'desk'")
check "the database holds no desk decision but those reported ($all in all, $total_rec reported)" \
	[ "$all" = "$total_rec" ]
per_line=$(sql "$db" "SELECT count(d.id) FROM return_line r
	JOIN commitment cm ON cm.id = r.commitment_id JOIN contract c ON c.id = cm.contract_id
	LEFT JOIN decision d ON d.return_line_id = r.id
	WHERE $(supplier_is "Shared Ltd") GROUP BY r.id" | sort | uniq -c | awk '{ printf " %sx%s", $1, $2 }')
check "no shared line was decided twice (lines x decisions:$per_line)" \
	[ -z "$(echo "$per_line" | tr ' ' '\n' | grep -v -e '^$' -e 'x[01]$')" ]
check "each desk decision has its one audit entry" \
	[ "$(sql "$db" "SELECT count(*) FROM decision d WHERE d.origin = 'desk' AND (SELECT count(*)
		FROM audit a WHERE a.entity = 'decision' AND a.entity_id = d.id) <> 1")" = 0 ]

# ---- the imports ----------------------------------------------------------------
cat imp/*.list | sort -n > imports.list
nimports=$(grep -c "" imports.list)
nfailed=$(awk '$4 != 0' imports.list | grep -c "")
check "every import succeeded ($nimports imports, $nfailed failed)" \
	[ "$nimports" -gt 0 -a "$nfailed" = 0 ]
[ "$nfailed" = 0 ] || for i in $(seq 1 "$nimp"); do
	awk '$4 != 0 { print $1 }' "imp/$i.list" | while read -r n; do
		echo "#   importer $i, import $n: $(head -c 300 "imp/$i.$n.err")"
	done
done
# each returns import that succeeded: all its lines there, as in the file
awk '$4 == 0 && $2 == "returns" { print $3 }' imports.list | xargs -r tail -q -n +2 |
	awk -F, -v OFS='|' '{ print $1, $2, $3, $4, $5, $6 }' | sort > imported.want
sql "$db" "SELECT c.ref, printf('%d/%02d-Q%d', cm.year, (cm.year + 1) % 100, r.quarter), m.code,
		r.delivered / 100, r.evidence, r.submitted
	FROM return_line r JOIN commitment cm ON cm.id = r.commitment_id
	JOIN contract c ON c.id = cm.contract_id JOIN measure m ON m.id = cm.measure_id
	WHERE c.ref NOT LIKE 'SH-%' AND CAST(substr(c.ref, 4) AS INTEGER) > $own" |
	sort > imported.got
check "every returns import that succeeded is entirely there ($(grep -c "" imported.want) lines)" \
	cmp -s imported.want imported.got
# each contract retitled: the title of the last contracts import that did it
awk '$4 == 0 && $2 == "contracts" { print $3 }' imports.list | xargs -r tail -q -n +2 |
	awk -F, '{ t[$1] = $2 } END { for (r in t) print r "|" t[r] }' | sort > titles.want
sql "$db" "SELECT ref, title FROM contract WHERE title LIKE '% rev %'" | sort > titles.got
check "every contract retitled has the title of the last import ($(grep -c "" titles.want) contracts)" \
	cmp -s titles.want titles.got

# ---- what was shown ----------------------------------------------------------------
# no_locked_or_busy FILE...: none of the files says "locked" or "busy"
no_locked_or_busy() {
	! grep -il 'locked\|busy' "$@" >/dev/null
}
check "no \"database is locked\" (or busy) on any desk's screen or stderr, nor from any importer" \
	no_locked_or_busy d*.err d*.txt imp/*.out imp/*.err
check "the importers wrote nothing on stderr" [ -z "$(cat imp/*.err)" ]
# the title bar of a desk's last screen: " load.db  658 awaiting £310,090.00
# Desk A Ltd  2026/27 ...": the count of the supplier it shows
stale=""
for k in $desks; do
	shown=$(sed -n '1s/^ [^ ]*  \([0-9][0-9,]*\) awaiting [^ ]*  \(.*Ltd\)  2026\/27.*/\1|\2/p' "d$k.txt")
	name=${shown#*|}
	want=$(sql "$db" "SELECT count(*) FROM return_line r JOIN commitment cm ON cm.id = r.commitment_id
		JOIN contract c ON c.id = cm.contract_id
		WHERE $(supplier_is "$name") AND r.status = 'submitted' AND cm.year = 2026")
	[ -n "$shown" ] && [ "$(echo "${shown%%|*}" | tr -d ,)" = "$want" ] ||
		stale="$stale $(letter "$k") (${shown:-no title}; $want in the database)"
done
check "each desk's last screen counts the lines awaiting of the supplier it shows (stale:${stale:- none})" \
	[ -z "$stale" ]

# ---- how current the screens were ------------------------------------------------
# The timing logs, in one pass: d1.log ... of the desks, i1.log ... of the
# importers ("END PID EVENT START" a line, each file in time order).  For
# each commit and each desk (not the one that made it) that was looking
# by then: the milliseconds from the commit's START to the end of the
# redraw of the first look that saw it, "import MS" or "desk MS"; "import
# -" when no look came after it.  The first look that saw it: the first
# begun after the commit ended when it redrew ("refresh"); when that one
# found nothing new, a look begun during the commit saw it: the last
# redraw before (at most that late).
latencies() {
	awk '
		FNR == 1 { src = FILENAME; sub(/\.log$/, "", src); sub(/.*\//, "", src) }
		$3 == "commit" { nc++; cw[nc] = src; ce[nc] = $1; cs[nc] = $4; next }
		$3 == "look" || $3 == "refresh" {
			if (!(src in n)) desks[++nd] = src
			k = ++n[src]; ls[src, k] = $4; le[src, k] = $1
			lastref[src, k] = $3 == "refresh" ? k : lastref[src, k - 1]
		}
		END {
			for (d = 1; d <= nd; d++) {
				s = desks[d]
				for (i = 1; i <= nc; i++) {
					if (cw[i] == s || cs[i] < ls[s, 1])
						continue
					kind = cw[i] ~ /^i/ ? "import" : "desk"
					lo = 1; hi = n[s] + 1
					while (lo < hi) {     # the first look begun at ce or later
						mid = int((lo + hi) / 2)
						if (ls[s, mid] < ce[i]) lo = mid + 1; else hi = mid
					}
					if (lo > n[s]) { print kind, "-"; continue }
					j = lastref[s, lo]
					printf "%s %.1f\n", kind, (j > 0 ? le[s, j] - cs[i] : 0) * 1000
				}
			}
		}' d*.log i*.log
}
# figures KIND: "max X ms, median Y ms, 95th percentile Z ms, N
# observations" of the latencies of that kind in latencies.txt
figures() {
	awk -v kind="$1" '$1 == kind && $2 != "-" { print $2 }' latencies.txt | sort -n | awk '
		{ v[NR] = $1 }
		END {
			if (NR == 0) { print "no observations"; exit }
			printf "max %.0f ms, median %.0f ms, 95th percentile %.0f ms, %d observations\n",
				v[NR], v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.999)], NR
		}'
}
latencies > latencies.txt
ncommits=$(cat i*.log | grep -c " commit ")
unseen=$(grep -c '^import -$' latencies.txt)
worst=$(awk '$1 == "import" && $2 != "-" { print $2 }' latencies.txt | sort -n | tail -1)
echo "# screens current after an import: $(figures import)"
echo "# screens current after another desk's decision: $(figures desk)"
check "every import's commit ($ncommits) was seen by every desk ($unseen not seen)" \
	[ "$ncommits" -gt 0 -a "$unseen" = 0 ]
# The bound is asserted whatever the machine's load: the load average is
# printed beside it, so a miss on a busy machine can be told apart.
cores=$(nproc 2>/dev/null || echo 1)
echo "# load average at the start of the run ${load_start:-?}, at its end ${load_end:-?}; $cores cores"
check "every desk showed every import within $bound ms of its commit (worst ${worst:-none} ms)" \
	awk -v w="${worst:-0}" -v b="$bound" 'BEGIN { exit !(w < b) }'
nreturns=$(awk '$2 == "returns"' imports.list | grep -c "")
echo "# throughput over ${run_s} s: $total_rec decisions recorded" \
	"($(awk -v n="$total_rec" -v s="$run_s" 'BEGIN { printf "%.1f", n / s }')/s," \
	"$total_shared on shared lines), $total_ref refused as stale, $total_waits waits;" \
	"$nimports imports ($(awk -v n="$nimports" -v s="$run_s" 'BEGIN { printf "%.1f", n * 60 / s }')/min," \
	"$nreturns of returns, $(grep -c "" imported.want) lines)"
echo "# an import took $(awk '{ print $5 }' imports.list | sort -n | awk '{ v[NR] = $1 }
	END { printf "%d ms (median), %d ms at most", v[int((NR + 1) / 2)], v[NR] }')"

# The returns the importers had no time for, in one import, so that no
# return is overdue; then every check svdesk has.
t_check=$(now_ns)
awk '$4 == 0 && $2 == "returns" { print $3 }' imports.list | sort > imported.files
find imp -name '*.returns.*.csv' | sort | comm -23 - imported.files > rest.files
head -1 data/returns.csv > rest.csv
xargs -r tail -q -n +2 < rest.files >> rest.csv
run "$SVDESK" import returns rest.csv --db "$db"
check "the returns not imported during the run ($(($(grep -c "" rest.csv) - 1)) lines) import afterwards" \
	rc_is 0
run "$SVDESK" check --db "$db"
check "svdesk check is clean afterwards" rc_is 0
echo "# the last import and svdesk check: $(awk -v a="$t_check" -v b="$(now_ns)" \
	'BEGIN { printf "%.1f", (b - a) / 1e9 }') s"
total_s=$(awk -v a="$t_setup" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
echo "# the whole test: ${total_s} s (setup ${setup_s} s, desks opening ${opening_s} s, run ${run_s} s)"
done_testing

#!/bin/sh
# audit_share.sh: the size of a demo database and the audit log's share of
# it (the audit table and its indexes, pages counted with SQLite's dbstat),
# the time of the demo that wrote it, and the time of `svdesk check audit`.
# Usage: bench/audit_share.sh [CONTRACTS...]   (default 60 2000; from the
# build tree; SVDESK names the binary, default ./svdesk)
set -eu
svdesk=${SVDESK:-./svdesk}
[ $# -gt 0 ] || set -- 60 2000
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SVDESK_NOW=2026-11-27 HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"

now() { date +%s.%N; }
printf '%9s %12s %12s %7s %8s %9s %9s\n' contracts "db bytes" "audit bytes" share entries "demo s" "check s"
for n in "$@"; do
	db="$dir/demo-$n.db"
	t0=$(now)
	"$svdesk" demo --contracts "$n" --db "$db" >/dev/null
	t1=$(now)
	"$svdesk" check audit --db "$db" >/dev/null 2>&1 || true   # (none before version 3)
	t2=$(now)
	sqlite3 -batch -noheader -separator ' ' "$db" "
		SELECT (SELECT sum(pgsize) FROM dbstat),
		       (SELECT sum(pgsize) FROM dbstat WHERE name = 'audit' OR name LIKE 'audit\\_%' ESCAPE '\\'),
		       (SELECT count(*) FROM audit)" | {
		read -r total audit entries
		awk -v n="$n" -v total="$total" -v audit="$audit" -v entries="$entries" \
			-v t0="$t0" -v t1="$t1" -v t2="$t2" 'BEGIN {
			printf "%9d %12d %12d %6.1f%% %8d %9.2f %9.2f\n", n, total, audit,
				100 * audit / total, entries, t1 - t0, t2 - t1 }'
	}
done

#!/bin/sh
# The Reports view (key 5): golden screens as in tui_golden.sh, and the files
# that it writes and prints compared with the command line's.  Lines that
# carry the person, the clock or the audit chain's head are masked.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden"
scripts="$top_srcdir/tests/tui/scripts"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

# The title bar's login, as tui_golden.sh; the report's "Generated" line
# (the person) and its audit chain head (a digest of entries whose times
# come from the clock), with the head's continuation line when it wraps.
normalise() {
	sed -e "1{s/ $me / USER /;s/   */  /g}" \
	    -e 's/^\(Generated: *\).*/\1MASKED/' \
	    -e '/^Audit chain head:/{s/^\(Audit chain head: *\).*/\1MASKED/;n;s/^\( \{8,\}\)[0-9a-f]\{1,\}$/\1MASKED/}'
}

"$SVDESK" demo --db demo.db >/dev/null || exit 99

# a fresh copy of the demo database for a screen that changes it
copy() {
	rm -f "$1" "$1-wal" "$1-shm"
	cp demo.db "$1"
}

# screen NAME DB SIZE [OPTION...]: run scripts/reports_NAME.keys, compare
# with golden/reports_NAME.txt
screen() {
	name=reports_$1 db=$2 size=$3
	shift 3
	run env LC_ALL="${SCREEN_LOCALE:-C.UTF-8}" "$SVDESK" "$@" --db "$db" \
		--keys "$scripts/$name.keys" --size "$size" --dump "$name.raw"
	if [ "$RC" != 0 ]; then
		not_ok "$name ($size): svdesk exits 0" "status $RC" "$(cat "$WORK/err")"
		return
	fi
	golden_compare "$name" "$size"
}

# footer_has NAME TEXT: the bottom line of screen NAME has TEXT
footer_has() {
	tail -1 "reports_$1.raw" | grep -qF -- "$2"
}

printf '[ui]\ntheme = mono\n' > mono.ini
printf '[print]\ncommand = cat > printed.txt\n' > print_ok.ini
printf '[print]\ncommand = cat > no-such-folder/out.txt\n' > print_fail.ini

# ---- the preview ----------------------------------------------------------
screen fgb_80x24 demo.db 80x24
screen fgb_132x43 demo.db 132x43
screen qprb_80x24 demo.db 80x24
screen qrb_80x24 demo.db 80x24
screen board_cycle_80x24 demo.db 80x24
screen charts_80x24 demo.db 80x24
screen trend_mono_80x24 demo.db 80x24 --config mono.ini
screen end_132x43 demo.db 132x43
screen help_80x24 demo.db 80x24
SCREEN_LOCALE=C
screen charts_ascii_80x24 demo.db 80x24
SCREEN_LOCALE=

# The preview is the text output at the screen's width, line for line.
printf '5 G\n' > all.keys
"$SVDESK" --db demo.db --keys all.keys --size 80x24 --dump all.txt
"$SVDESK" --db demo.db report fgb > cli.txt
lines=$(( $(wc -l < cli.txt) + $(tr -cd '\f' < cli.txt | wc -c) ))
check "the preview has a line for each line and page break of the text output" \
	sh -c "tail -1 all.txt | grep -q ' [0-9]*/$lines\$'"
check "its last screen ends as the text output does" \
	sh -c "sed -n 22,23p all.txt | sed 's/ *\$//' > a && tail -2 cli.txt | sed 's/ *\$//' > b && cmp -s a b"

# ---- the board and the period ---------------------------------------------
screen period_80x24 demo.db 80x24
screen period_quarter_80x24 demo.db 80x24
screen period_bad_80x24 demo.db 80x24
screen period_cancel_80x24 demo.db 80x24
screen prompt_period_80x24 demo.db 80x24

# ---- highlights -------------------------------------------------------------
screen highlights_80x24 demo.db 80x24
screen highlights_qprb_80x24 demo.db 80x24
copy hl.db
screen hl_add_80x24 hl.db 80x24
check "... the highlight is stored, added at the end" \
	sh -c "sqlite3 hl.db \"SELECT text FROM highlight WHERE year = 2026 ORDER BY position DESC LIMIT 1\" | grep -qx 'We cut £5k.'"
copy hl.db
screen hl_edit_80x24 hl.db 80x24
copy hl.db
screen hl_move_80x24 hl.db 80x24
copy hl.db
screen hl_move_down_80x24 hl.db 80x24
copy hl.db
screen hl_delete_80x24 hl.db 80x24
check "... the highlight is gone from the database" \
	sh -c "[ \"\$(sqlite3 hl.db 'SELECT count(*) FROM highlight WHERE year = 2026')\" = \
	        \"\$(( \$(sqlite3 demo.db 'SELECT count(*) FROM highlight WHERE year = 2026') - 1 ))\" ]"
copy hl.db
screen hl_delete_no_80x24 hl.db 80x24
check "... and kept when the answer is not y" \
	sh -c "[ \"\$(sqlite3 hl.db 'SELECT count(*) FROM highlight')\" = \
	        \"\$(sqlite3 demo.db 'SELECT count(*) FROM highlight')\" ]"
copy hl.db
screen hl_cancel_80x24 hl.db 80x24
check "... Esc adds nothing" \
	sh -c "[ \"\$(sqlite3 hl.db 'SELECT count(*) FROM highlight')\" = \
	        \"\$(sqlite3 demo.db 'SELECT count(*) FROM highlight')\" ]"
screen prompt_scroll_80x24 demo.db 80x24
screen prompt_home_80x24 demo.db 80x24
copy hl.db
screen confirm_delete_80x24 hl.db 80x24
check "... input that ends at the question deletes nothing" \
	sh -c "[ \"\$(sqlite3 hl.db 'SELECT count(*) FROM highlight')\" = \
	        \"\$(sqlite3 demo.db 'SELECT count(*) FROM highlight')\" ]"
copy hl.db
screen hl_preview_80x24 hl.db 80x24
# READ-ONLY: a database whose audit triggers are not svdesk's
copy ro.db
sqlite3 -batch ro.db "DROP TRIGGER contract_audit_update;" || exit 99
screen hl_readonly_80x24 ro.db 80x24

# ---- writing and printing ---------------------------------------------------
"$SVDESK" --db demo.db report fgb -o cli-fgb.txt --format text >/dev/null
"$SVDESK" --db demo.db report fgb -o cli-fgb.csv --format csv >/dev/null
rm -f fgb-2026-27.txt fgb-2026-27.csv
screen write_txt_80x24 demo.db 80x24
check "... the file is the text of svdesk report fgb" cmp -s fgb-2026-27.txt cli-fgb.txt
screen write_csv_80x24 demo.db 80x24
check "... the .csv is the CSV of svdesk report fgb --format csv" cmp -s fgb-2026-27.csv cli-fgb.csv
echo "precious" > fgb-2026-27.txt
screen write_refuse_80x24 demo.db 80x24
check "... the file is as it was" sh -c 'echo precious | cmp -s - fgb-2026-27.txt'
screen write_replace_80x24 demo.db 80x24
check "... replaced after y" cmp -s fgb-2026-27.txt cli-fgb.txt
rm -f printed.txt
screen print_ok_80x24 demo.db 80x24 --config print_ok.ini
check "... the command got the paper text" cmp -s printed.txt cli-fgb.txt
screen print_fail_80x24 demo.db 80x24 --config print_fail.ini
check "... the command's error is shown, with what it said" \
	footer_has print_fail_80x24 "print: 'cat > no-such-folder/out.txt' failed (exit status 2)"
check "... and a command that works says how many pages" \
	footer_has print_ok_80x24 "printed 4 pages to cat > printed.txt"

done_testing

#!/bin/sh
# What every screen shares, as golden screens (tests/tui/golden/screen/):
# names with bidi and zero-width characters shown with a marker, a
# wide-character and a combining-accent name dumped whole, the plain
# letters of a non-UTF-8 locale, the title bar (the file's name first, the
# folder when room remains), the footer's keys and position, help with
# rebound keys, and "terminal too small" down to 1x1.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden/screen"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

# The title bar (line 1) holds the login: replace it, and squeeze its spaces
# so that a login of any length gives the same text.
normalise() {
	sed "1{s/ $me / USER /;s/   */  /g}"
}

# Odd names: a right-to-left override (U+202E ... U+202C), zero-width
# characters (U+200B, U+200D, U+2060), wide characters (Japanese), accents
# precomposed and combining (e + U+0301).
"$SVDESK" init --db odd.db >/dev/null || exit 99
{
	echo 'ref,title,supplier,body,value,start,end,sv_weight'
	printf 'R-1,Body cameras,Ab\342\200\256dtL emcA\342\200\254,WMP,1200000,2025-04-01,2027-03-31,10\n'
	printf 'R-2,Join\342\201\240ed up,Zero\342\200\213Width\342\200\215\342\201\240Co,OPCC,50000,2025-04-01,2027-03-31,12.5\n'
	printf 'R-3,Caf\303\251 cr\303\250me \303\251tudes,\346\227\245\346\234\254\350\252\236\346\240\252\345\274\217\344\274\232\347\244\276,WMP,250000,2025-04-01,2027-03-31,5\n'
	printf 'R-4,\303\211lectricit\303\251 g\303\251n\303\251rale,Cafe\314\201 \305\201\303\263d\305\272 Ltd,OPCC,75000,2025-04-01,2027-03-31,15\n'
} > odd.csv
"$SVDESK" import contracts odd.csv --db odd.db >/dev/null || exit 99
"$SVDESK" demo --db demo.db >/dev/null || exit 99
# a database in a folder, as the default one is
mkdir -p "$HOME/data/svdesk" || exit 99
cp demo.db "$HOME/data/svdesk/svdesk.db" || exit 99

printf '[keys]\nsearch = <C-f>\nhelp = <F2>\n' > rebound.ini
: > none.ini
locale=

# contains FILE BYTES: FILE holds BYTES (printf escapes, e.g. \342\200\256)
contains() {
	grep -q "$(printf "$2")" "$1"
}

# screen NAME DB SIZE KEYS [CONFIG]: run KEYS (key names) and compare the
# last screen with golden/NAME.txt
screen() {
	name=$1 db=$2 size=$3 keys=$4 config=${5:-none.ini}
	printf '%s\n' "$keys" > "$name.keys"
	run env LC_ALL="${locale:-$LC_ALL}" "$SVDESK" --config "$config" --db "$db" \
		--keys "$name.keys" --size "$size" --dump "$name.raw"
	if [ "$RC" != 0 ]; then
		not_ok "$name ($size): svdesk exits 0" "status $RC" "$(cat "$WORK/err")"
		return
	fi
	golden_compare "$name" "$size"
}

# ---- names that could hide or reorder text, wide and accented names --------
screen odd_80x24 odd.db 80x24 ''
screen odd_132x43 odd.db 132x43 ''
screen odd_60x12 odd.db 60x12 ''

for ch in '\342\200\256' '\342\200\254' '\342\200\213' '\342\200\215' '\342\201\240'; do
	check "no bidi or zero-width character reaches the screen ($ch)" \
		sh -c "! grep -q \"\$(printf '$ch')\" odd_80x24.raw"
done
check "the override shows as a marker" \
	contains odd_80x24.raw 'Ab\302\267dtL emcA\302\267'
check "each zero-width character shows as a marker" \
	contains odd_80x24.raw 'Zero\302\267Width\302\267\302\267Co'
# the dump writes every cell: the wide name and the combining accent do not
# cut the end of their rows
check "a wide-character row is whole" \
	sh -c "grep '^R-3 ' odd_80x24.raw | grep -q '£250,000.00 -     E\$'"
check "a combining-accent row is whole" \
	sh -c "grep '^R-4 ' odd_80x24.raw | grep -q '£75,000.00 -\$'"
check "the combining accent stays on its letter" \
	contains odd_80x24.raw 'Cafe\314\201 \305\201\303\263d\305\272 Ltd' 

# ---- a locale that is not UTF-8 -----------------------------------------------
locale=C
screen odd_c_80x24 odd.db 80x24 ''
check "outside UTF-8 the screen is plain ASCII" \
	sh -c "! LC_ALL=C grep -q '[^ -~]' odd_c_80x24.raw"
check "... with plain letters, never dropped (Cafe, Electricite, Lodz)" \
	sh -c "grep -q 'Cafe creme etu' odd_c_80x24.raw && grep -q 'Electricite ge' odd_c_80x24.raw && grep -q 'Cafe Lodz Ltd' odd_c_80x24.raw"
check "... and '?' for what has no plain letter" \
	grep -q 'Ab?dtL emcA?' odd_c_80x24.raw
screen help_c_80x24 odd.db 80x24 '? <End>'
locale=

# ---- the title bar --------------------------------------------------------------
screen title_folder_132x43 "$HOME/data/svdesk/svdesk.db" 132x43 ''
screen title_folder_80x24 "$HOME/data/svdesk/svdesk.db" 80x24 ''
cp demo.db a-long-name-for-the-finance-team-desk-of-2026.db || exit 99
screen title_long_name_80x24 a-long-name-for-the-finance-team-desk-of-2026.db 80x24 '?'
screen title_60x12 demo.db 60x12 ''
screen title_help_60x12 demo.db 60x12 '?'
check "the file's name comes first in the title bar" \
	sh -c "head -1 title_folder_80x24.txt | grep -q '^ svdesk.db  '"
check "the folder shows when room remains" \
	sh -c "head -1 title_folder_132x43.txt | grep -q '^ svdesk.db (~/data/svdesk)  '"

# ---- the footer -----------------------------------------------------------------
screen footer_60x12 demo.db 60x12 'G'
check "at 60 columns the position is whole" \
	sh -c "tail -1 footer_60x12.txt | grep -q ' row 60 of 60\$'"
screen footer_message_60x12 demo.db 60x12 'z'

# ---- help and footer with keys rebound ----------------------------------------
screen rebound_80x24 odd.db 80x24 '' rebound.ini
screen rebound_help_80x24 odd.db 80x24 '<F2> <End>' rebound.ini
screen rebound_help_132x43 odd.db 132x43 '<F2>' rebound.ini
screen rebound_unbound_80x24 odd.db 80x24 '?' rebound.ini
check "a key with no action names the help key as bound" \
	grep -q '^?: no action here; press F2 for the keys ' rebound_unbound_80x24.txt
check "the footer shows the rebound help key" \
	sh -c "tail -1 rebound_80x24.txt | grep -q '^ F2:help '"
check "help shows the rebound search key" \
	grep -q '^   Ctrl-F  *search' rebound_help_132x43.txt

# ---- terminal too small -----------------------------------------------------
for size in 59x24 44x10 30x6 20x5 14x3 10x3 5x1 1x1; do
	screen "too_small_$size" demo.db "$size" ''
done
check "at 20x5 the message is whole" \
	sh -c "grep -q 'terminal too small:' too_small_20x5.txt && grep -q 'svdesk needs 60x12' too_small_20x5.txt"
check "at 1x1 nothing is drawn outside the screen" \
	sh -c "[ \$(wc -l < too_small_1x1.raw) = 1 ] && [ \$(head -1 too_small_1x1.raw | wc -m) -le 2 ]"

done_testing

#!/bin/sh
# Hostile text in the board pack (svdesk report ... --format pdf): the
# database of tests/hard/hostile_db.sh (every payload of
# tests/hard/hostile_lib.sh, controls and invalid UTF-8 included, in every
# text column that reaches a report, written by the sqlite3 shell), with
# pango markup and entities (<b>, &amp;, <span ...>) added to some names,
# suppliers, measures and a theme, and a 900-character organisation
# name (and one of 200 four-byte characters).  For each board (fgb, qprb,
# qrb):
#
#  - the PDF is written (status 0, no signal, no sanitizer report, no glib
#    or pango warning on stderr, stderr clean) and is a valid PDF for
#    pdfinfo (no syntax error, A4 pages), every font embedded (pdffonts);
#  - its text (pdftotext) holds no escape, control, C1, bidi or zero-width
#    character, and shows each tagged name as the text report does: with
#    '?' in place of each character that is not safe to show (the first
#    characters after each marker are the same in both);
#  - markup shows literally (<b>, &amp;, <span foreground="red">), never
#    parsed as markup;
#  - the document's properties (pdfinfo) are clean too.
#
# Skipped when svdesk was built without PDF output (svdesk --version says
# "PDF board pack: no") or poppler-utils is missing.
#
# Environment: HOSTILE_CONTRACTS (contracts of the demo database, 60),
# HOSTILE_LONG (characters of the long payload, 10000; the database holds
# 3,900 of them).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/hard/hostile_lib.sh"

BYTESCAN="$top_builddir/tests/hard/bytescan"
export SVDESK_NOW=2026-11-27
export LC_ALL=C.UTF-8
: "${HOSTILE_CONTRACTS:=60}"
t_start=$(date +%s.%N)
hostile_lap() {
	awk -v a="$t_start" -v b="$(date +%s.%N)" -v w="$1" 'BEGIN { printf "# %s: %.1f s so far\n", w, b - a }'
}

[ -x "$BYTESCAN" ] ||
	{ echo "1..0 # SKIP tests/hard/bytescan is not built (make check builds it)"; exit 0; }
if "$SVDESK" --version 2>/dev/null | grep -q 'PDF board pack: no'; then
	echo "1..0 # SKIP this svdesk was built without PDF output (PDF board pack: no)"
	exit 0
fi
for tool in pdftotext pdfinfo pdffonts; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "1..0 # SKIP $tool is not installed (Debian: poppler-utils)"; exit 0; }
done

hostile_load
. "$top_srcdir/tests/hard/hostile_db.sh"

# Markup and entities in some names (xMK: a marker of its own), written as
# the sqlite3 shell writes them, the triggers dropped and put back.
{
	sqlite3 hdb.db "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type = 'trigger'"
	cat <<'EOF'
UPDATE supplier SET name = 'xMKS' || id || ' <b>bold</b> &amp; <i>co</i> &lt;x&gt; & Sons'
	WHERE id % 4 = 1;
UPDATE measure SET title = 'xMKM' || id || ' <span foreground="red">r</span> &#x202E; </b>'
	WHERE id % 5 = 2;
UPDATE theme SET title = 'xMKH' || id || ' <big>&quot;Jobs&quot;</big>' WHERE id = 1;
EOF
	cat triggers.sql
} > markup.sql
sqlite3 -batch hdb.db < markup.sql > markup.out 2>&1
check "markup and entities are written into some names" [ ! -s markup.out ]
check "... every trigger is back" \
	[ "$(sqlite3 hdb.db "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")" = "$n_triggers" ]

# The organisation: markup and entities, and a long name (the longest a
# configuration line holds).
org="ORGNM <b>Police</b> &amp; <i>OPCC</i> $(printf '%0900d' 0 | tr 0 O)"
# (quoted: unquoted, the configuration's value would end at the ';')
printf '[organisation]\nname = "%s"\n' "$org" > org.ini

# no_glib FILE: no warning or critical message of glib, pango, cairo or
# fontconfig (and no sanitizer report) in FILE.
no_glib() {
	! grep -qE '(GLib|Pango|GLib-GObject|Gtk|cairo|Fontconfig)[-A-Za-z]*(-WARNING|-CRITICAL|-ERROR| warning| error)|\*\*|ERROR: AddressSanitizer|runtime error:|LeakSanitizer' "$1"
}

# pdf_checks BOARD PDF LABEL: the PDF is valid, A4, its fonts embedded, its
# text and properties clean; its text in PDF.txt.
pdf_checks() {
	b=$1 pdf=$2 label=$3
	pdfinfo "$pdf" > "$pdf.info" 2> "$pdf.info.err"
	pages=$(sed -n 's/^Pages: *//p' "$pdf.info")
	check "$label: pdfinfo reads it without a complaint ($pages pages)" \
		sh -c "[ -n '$pages' ] && [ '$pages' -ge 1 ] && [ ! -s '$pdf.info.err' ]"
	pdfinfo -f 1 -l "${pages:-1}" "$pdf" 2>/dev/null | sed -n 's/^Page *[0-9]* size: *//p' > "$pdf.sizes"
	check "$label: every page is A4, portrait or landscape" \
		awk '{ w = $1; h = $3; if (w > h) { t = w; w = h; h = t }
			if (w < 594.5 || w > 596 || h < 841 || h > 842.8) bad = 1 }
			END { exit bad || NR == 0 }' "$pdf.sizes"
	pdffonts "$pdf" > "$pdf.fonts" 2>&1
	# the columns: name type encoding emb sub uni object ID
	check "$label: every font is embedded (pdffonts)" \
		awk 'NR > 2 { n++; if ($(NF - 4) != "yes") bad = 1 } END { exit bad || n == 0 }' "$pdf.fonts"
	pdftotext -enc UTF-8 "$pdf" "$pdf.txt" 2> "$pdf.txt.err"
	check "$label: pdftotext reads its text" sh -c "[ -s '$pdf.txt' ] && [ ! -s '$pdf.txt.err' ]"
	scan_plain "$label: its text holds no escape, control, C1, bidi or zero-width character" "$pdf.txt"
	grep -E '^(Title|Subject|Keywords|Author|Creator|Producer):' "$pdf.info" > "$pdf.props"
	scan_plain "$label: its properties (title, author, subject) are clean" "$pdf.props"
}

: > all-text.txt
: > all-pdf.txt
for b in fgb qprb qrb; do
	run "$SVDESK" --db hdb.db report $b -o "report-$b.txt"
	[ "$RC" = 0 ] || { not_ok "report $b as text (status $RC)" "$(head -c 400 err)"; continue; }
	cat "report-$b.txt" >> all-text.txt
	run "$SVDESK" --db hdb.db report $b --format pdf -o "report-$b.pdf"
	check "report $b --format pdf -o FILE (status $RC)" sh -c "[ $RC = 0 ] && [ -s report-$b.pdf ]"
	[ -s "report-$b.pdf" ] || continue
	check "... no glib, pango or sanitizer message on stderr" no_glib err
	scan_plain "... stdout and stderr clean" out err
	pdf_checks $b "report-$b.pdf" "report $b PDF"
	cat "report-$b.pdf.txt" >> all-pdf.txt
done
hostile_lap "the three reports as PDF"

# Each tagged name as the text report shows it: the marker (xTI07:) and the
# next six characters, where the text report does not cut them.  Every one
# is in the PDF's text the same, '?' where the text has '?'.
grep -o 'x[A-Z][A-Z][0-9][0-9]:[^ …]\{6\}' all-text.txt | sort -u > shown.txt
grep -F -o -f shown.txt all-pdf.txt | sort -u > found.txt
comm -23 shown.txt found.txt > lost.txt
check "the PDFs show each tagged name as the text reports do ($(wc -l < shown.txt) names, $(wc -l < lost.txt) not)" \
	sh -c "[ -s shown.txt ] && [ ! -s lost.txt ]"
[ -s lost.txt ] && head -n 12 lost.txt | sed 's/^/#   not in the PDF: /'
for m in xSU xTI xRF xTH xME xOU xPS; do
	check "... the marker $m is there" grep -q "$m[0-9][0-9]:" all-pdf.txt
done
check "... an escape sequence shows as ? and its text (xSU01:a?[31;1mRED?[0mb)" \
	grep -qF 'xSU01:a?[31;1mRED?[0mb' all-pdf.txt
check "... C0 controls, CR and LF as ? (xSU09:a????????b??c)" grep -qF 'xSU09:a????????b??c' all-pdf.txt
check "... raw C1 bytes as ? (xSU11:a?31m?0;T?b)" grep -qF 'xSU11:a?31m?0;T?b' all-pdf.txt
check "... bidi controls as ?, nothing reordered (xSU12:a?b?c?d?e?f?g?)" \
	grep -qF 'xSU12:a?b?c?d?e?f?g?' all-pdf.txt
check "... invalid UTF-8 as ?, a byte each (xSU16:a??b???c??d)" grep -qF 'xSU16:a??b???c??d' all-pdf.txt

# Markup is text: shown as written, never parsed.
check "markup shows literally: <b>bold</b> &amp; <i>co</i> &lt;x&gt; & Sons" \
	grep -qF '<b>bold</b> &amp; <i>co</i> &lt;x&gt; & Sons' all-pdf.txt
check '... <span foreground="red">' grep -qF '<span foreground="red">' all-pdf.txt
check '... <big>&quot;Jobs&quot;</big>' grep -qF '<big>&quot;Jobs&quot;</big>' all-pdf.txt
hostile_lap "the names in the PDFs"

# The organisation's name with markup, 900 characters long: on the title
# page and in the document's title.
run "$SVDESK" --config "$WORK/org.ini" --db hdb.db report fgb --format pdf -o org.pdf
check "an organisation named with markup, 900 characters long: the PDF is written (status $RC)" \
	sh -c "[ $RC = 0 ] && [ -s org.pdf ]"
if [ -s org.pdf ]; then
	check "... no glib, pango or sanitizer message on stderr" no_glib err
	pdf_checks fgb org.pdf "... the PDF"
	check "... the name shows literally: ORGNM <b>Police</b> &amp; <i>OPCC</i>" \
		grep -qF 'ORGNM <b>Police</b> &amp; <i>OPCC</i>' org.pdf.txt
fi

# An organisation named in four-byte characters, longer than the page
# header and the title hold: each cut falls inside a character unless it
# is made at a character boundary (the PDF was refused, bad UTF-8).
printf '[organisation]\nname = "EMOJI %s"\n' "$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "\360\237\230\200" }')" > emoji.ini
run "$SVDESK" --config "$WORK/emoji.ini" --db hdb.db report qrb --format pdf -o emoji.pdf
check "an organisation named in 200 four-byte characters: the PDF is written (status $RC)" \
	sh -c "[ $RC = 0 ] && [ -s emoji.pdf ]"
if [ -s emoji.pdf ]; then
	check "... no glib, pango or sanitizer message on stderr" no_glib err
	pdf_checks qrb emoji.pdf "... the PDF"
	check "... the name is on the title page" grep -q "EMOJI $(printf '\360\237\230\200')" emoji.pdf.txt
fi
hostile_lap "hostile_pdf.sh in all"
done_testing

#!/bin/sh
# The Reports view (key 5) writes the board pack: w, a name ending .pdf (in
# any case), Enter: the file is a PDF of the report on screen (pdfinfo: the
# board and period in its subject, the same pages as svdesk report -o
# x.pdf) and the footer says "wrote NAME (PDF)"; an existing file is
# replaced only after y; a folder that does not exist is an error on the
# footer and leaves nothing.  Without PDF output in the build, the footer
# says what to install.  Golden screens as tui_reports.sh.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
export TZ=Europe/London
golden="$top_srcdir/tests/tui/golden"
scripts="$top_srcdir/tests/tui/scripts"
me=$(id -un 2>/dev/null || echo "uid:$(id -u)")

# As tui_reports.sh: the title bar's login, the report's "Generated" line
# and its audit chain head (with the head's continuation line).
normalise() {
	sed -e "1{s/ $me / USER /;s/   */  /g}" \
	    -e 's/^\(Generated: *\).*/\1MASKED/' \
	    -e '/^Audit chain head:/{s/^\(Audit chain head: *\).*/\1MASKED/;n;s/^\( \{8,\}\)[0-9a-f]\{1,\}$/\1MASKED/}'
}

"$SVDESK" demo --db demo.db >/dev/null || exit 99

# desk NAME: run scripts/reports_NAME.keys at 80x24 into reports_NAME.raw
desk() {
	name=reports_$1
	run "$SVDESK" --db demo.db --keys "$scripts/$name.keys" --size 80x24 --dump "$name.raw"
	check "$name: svdesk exits 0" rc_is 0
}

# footer_has NAME TEXT: the bottom line of screen NAME has TEXT
footer_has() {
	tail -1 "reports_$1.raw" | grep -qF -- "$2"
}

if "$SVDESK" --version | grep -qx 'PDF board pack: no'; then
	desk write_pdf_80x24
	check "no PDF in this build: the footer says so" \
		footer_has write_pdf_80x24 "this svdesk was built without PDF output"
	check "... and nothing is written" [ ! -e fgb-2026-27.pdf ]
	echo precious > fgb-2026-27.pdf
	desk write_pdf_80x24
	check "... an existing .pdf: the same, before any question of replacing it" \
		footer_has write_pdf_80x24 "this svdesk was built without PDF output"
	check "... and it is as it was" sh -c 'echo precious | cmp -s - fgb-2026-27.pdf'
	done_testing
fi
command -v pdfinfo >/dev/null 2>&1 || { echo "1..0 # SKIP pdfinfo (poppler-utils) is not installed"; exit 77; }

"$SVDESK" --db demo.db report fgb -o cli-fgb.pdf >/dev/null || exit 99
"$SVDESK" --db demo.db report qprb -o cli-qprb.pdf >/dev/null || exit 99
pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }

desk write_pdf_80x24
golden_compare reports_write_pdf_80x24 80x24
check "... the footer says a PDF was written" footer_has write_pdf_80x24 "wrote fgb-2026-27.pdf (PDF)"
check "... the file is a PDF (pdfinfo reads it)" sh -c "pdfinfo fgb-2026-27.pdf >/dev/null 2>&1"
check "... of the FGB 2026/27" \
	sh -c "pdfinfo fgb-2026-27.pdf | grep '^Subject:' | grep -F 'Finance Governance Board' | grep -qF 2026/27"
check "... with the pages of svdesk report fgb -o x.pdf" \
	[ "$(pages fgb-2026-27.pdf)" = "$(pages cli-fgb.pdf)" ]
check "... the same file" cmp -s fgb-2026-27.pdf cli-fgb.pdf

desk write_pdf_upper_80x24
check ".PDF in capitals: the footer says a PDF was written" \
	footer_has write_pdf_upper_80x24 "wrote qprb-2026-27-q2.PDF (PDF)"
check "... of the QPRB 2026/27 Q2" \
	sh -c "pdfinfo qprb-2026-27-q2.PDF | grep '^Subject:' | grep -F 'Quarterly Performance Review Board' | grep -qF 'Q2'"
check "... the same file as svdesk report qprb -o x.pdf" cmp -s qprb-2026-27-q2.PDF cli-qprb.pdf

# an existing file: replaced only after y
echo "precious" > fgb-2026-27.pdf
printf '5 w <BS> <BS> <BS> p d f <Enter> n\n' > refuse.keys
run "$SVDESK" --db demo.db --keys refuse.keys --size 80x24 --dump refuse.raw
check "an existing .pdf, answer n: the footer says it is kept" \
	sh -c "tail -1 refuse.raw | grep -qF 'not replaced: fgb-2026-27.pdf is as it was'"
check "... and it is" sh -c 'echo precious | cmp -s - fgb-2026-27.pdf'
printf '5 w <BS> <BS> <BS> p d f <Enter> y\n' > replace.keys
run "$SVDESK" --db demo.db --keys replace.keys --size 80x24 --dump replace.raw
check "... answer y: replaced by the PDF" cmp -s fgb-2026-27.pdf cli-fgb.pdf

# a write that fails midway: the file size limit (512-byte blocks) below
# the PDF's size
check "(the FGB's PDF is larger than the limit below)" [ "$(wc -c < cli-fgb.pdf)" -gt 40960 ]
rm -f fgb-2026-27.pdf
run sh -c 'ulimit -f "$0" && exec "$@"' 80 "$SVDESK" --db demo.db --keys "$scripts/reports_write_pdf_80x24.keys" \
	--size 80x24 --dump limit.raw
check "a PDF past the file size limit: the footer names the file and why" \
	sh -c "tail -1 limit.raw | grep -qF 'fgb-2026-27.pdf: cannot write:'"
check "... and nothing is left" sh -c "[ -z \"\$(ls -A | grep -i 'fgb-2026-27')\" ]"

desk write_pdf_fail_80x24
check "a folder that does not exist: the footer says so" \
	footer_has write_pdf_fail_80x24 "none/fgb-2026-27.pdf: the folder none does not exist"
check "... and nothing is written" [ ! -e none ]

done_testing

#!/bin/sh
# The real binary in a pseudo-terminal, fed the raw bytes that each terminal
# sends for its keys (tmux re-encodes keys, so it cannot show this): xterm,
# PuTTY with its default TERM=xterm, putty-256color, screen, tmux-256color
# and the Linux console.  No key ends the desk but the ones bound to quit,
# an unknown sequence is named in the footer, Alt-j is not Esc, Esc acts
# within 100 ms, and the mouse (click, double click, wheel) works where the
# terminal reports it.  tests/pty/ptykeys.c is the harness.
. "$top_srcdir/tests/lib.sh"

PTYKEYS="$top_builddir/tests/pty/ptykeys"
export SVDESK_NOW=2026-11-27
export LC_ALL=C.UTF-8

"$SVDESK" demo --db demo.db >/dev/null || exit 99
last_ref=$(sql demo.db 'SELECT ref FROM contract ORDER BY ref DESC LIMIT 1')

# Every terminal entry is there (./bootstrap installs ncurses-term for the
# putty ones): none is skipped.
for term in xterm putty-256color screen tmux-256color linux; do
	check "terminfo has $term (ncurses-term)" sh -c "infocmp '$term' >/dev/null 2>&1"
done

# mouse_steps LABEL ENCODING: a click on the fourth row, the wheel down and
# up, as the terminal reports them: sgr (xterm's 1006 mode, where the
# terminfo has it), x10 (ESC [ M and three bytes), none (the Linux console
# reports the mouse through gpm, not in its bytes).
mouse_steps() {
	case $2 in
	sgr)
		click='\e[<0;3;6M\e[<0;3;6m' down='\e[<65;3;6M' up='\e[<64;3;6M' ;;
	x10)
		click='\e[M #&\e[M##&' down='\e[Ma#&' up='\e[M`#&' ;;
	*)
		return ;;
	esac
	cat <<EOF
send $click
wait row 4 of 60 :: $1: a click on the fourth row selects it
send $down
wait row 7 of 60 :: $1: the wheel moves down three rows
send $up
wait row 4 of 60 :: $1: ... and up three
EOF
}

# keys TERM LABEL HOME END PGUP PGDN F1 DOWN CTRL_DOWN MOUSE
# writes the steps for one terminal and runs them; each "ok"/"not ok" line of
# the harness becomes a test.
keys() {
	term=$1 label=$2 home=$3 end=$4 pgup=$5 pgdn=$6 f1=$7 down=$8 cdown=$9
	shift 9
	mouse=$1
	cat > "steps.$label" <<EOF
wait row 1 of 60 :: $label: the desk opens on the contracts list
send $end
wait row 60 of 60 :: $label: End ($end) goes to the last row
wait $last_ref :: $label: ... which shows
send $home
wait row 1 of 60 :: $label: Home ($home) goes back to the first
send $pgdn
wait row 22 of 60 :: $label: PgDn ($pgdn) moves a page
send $pgup
wait row 1 of 60 :: $label: PgUp ($pgup) moves back
send $down
wait row 2 of 60 :: $label: Down ($down) moves a row
send $cdown
wait row 3 of 60 :: $label: Ctrl-Down ($cdown) is read as one key and moves as Down
send \e[1;5A
wait row 2 of 60 :: $label: Ctrl-Up (ESC [1;5A) is read as one key and moves as Up
send \ej
wait Alt-j: no action here :: $label: Alt-j (ESC j) is Alt-j, not Esc and j
send \e[Z
wait Shift-Tab: no action here :: $label: Shift-Tab (ESC [Z) is read whole
send \e[99~
wait unknown key sequence: ESC [ 9 9 ~ :: $label: an unknown sequence is named in the footer
send \e[1;3A
wait Alt-Up: no action here :: $label: Alt-Up (ESC [1;3A) is read whole
send \e[11~
wait Keys of the contracts view :: $label: F1 as PuTTY sends it (ESC [11~) shows the help
send \e
gone Keys of the contracts view :: $label: Esc leaves the help
send $f1
wait Keys of the contracts view :: $label: F1 ($f1) shows the help
send \e
gone Keys of the contracts view :: $label: Esc leaves the help (1 of 3)
record
send $f1
wait Keys of the contracts view :: $label: F1 again (2 of 3)
send \e
gone Keys of the contracts view :: $label: Esc leaves the help (2 of 3)
record
send $f1
wait Keys of the contracts view :: $label: F1 again (3 of 3)
send \e
gone Keys of the contracts view :: $label: Esc leaves the help (3 of 3)
record
best 100 :: $label: Esc acts within 100 ms
$(mouse_steps "$label" "$mouse")
send \e[4~\e[5~\e[6~\e[1~\eOF\eOH\e[8~\e[7~\e[F\e[H\e[2~\e[3~\e\e[A\e[1;3B\e[Zjj
wait row 3 of 60 :: $label: a burst of Home, End, page, Ins, Del, Alt-Up and Shift-Tab in one write, then j twice, ends on row 3
settle 100
alive :: $label: none of them ended the desk
send Q
exit 0 :: $label: Q quits with status 0
EOF
	"$PTYKEYS" -t "$term" -s 24x80 -f "steps.$label" -- \
		"$SVDESK" --db "$WORK/demo.db" > "out.$label" 2> "err.$label"
	st=$?
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ok "${line#ok }" ;;
		"not ok "*) not_ok "${line#not ok }" "$(head -30 "err.$label")" ;;
		esac
	done < "out.$label"
	check "$label: the harness ran every step (status $st)" [ "$st" = 0 ]
}

# The sequences each terminal sends for its keys in keypad-transmit mode
# (where curses puts it): HOME END PGUP PGDN F1 DOWN CTRL-DOWN, and how it
# reports the mouse.  PuTTY's Ctrl-Down is ESC [ B there; the Linux console
# sends Down for Ctrl-Down.
keys xterm xterm '\eOH' '\eOF' '\e[5~' '\e[6~' '\eOP' '\eOB' '\e[1;5B' sgr
keys xterm putty-as-xterm '\e[1~' '\e[4~' '\e[5~' '\e[6~' '\e[11~' '\eOB' '\e[B' sgr
keys putty-256color putty-256color '\e[1~' '\e[4~' '\e[5~' '\e[6~' '\e[11~' '\eOB' '\e[B' sgr
keys screen screen '\e[1~' '\e[4~' '\e[5~' '\e[6~' '\eOP' '\eOB' '\e[1;5B' x10
keys tmux-256color tmux-256color '\e[1~' '\e[4~' '\e[5~' '\e[6~' '\eOP' '\eOB' '\e[1;5B' x10
keys linux linux '\e[1~' '\e[4~' '\e[5~' '\e[6~' '\e[[A' '\e[B' '\e[B' none

# Esc on the first view quits (it is bound to back); Esc never quits from
# inside a sequence.
cat > steps.esc <<'EOF'
wait row 1 of 60 :: Esc on the first view: the desk is up
send \e
exit 0 :: Esc on the first view goes back, that is, quits (status 0)
EOF
"$PTYKEYS" -t xterm -s 24x80 -f steps.esc -- "$SVDESK" --db "$WORK/demo.db" > out.esc 2> err.esc
while IFS= read -r line; do
	case "$line" in
	"ok "*) ok "${line#ok }" ;;
	"not ok "*) not_ok "${line#not ok }" "$(head -30 err.esc)" ;;
	esac
done < out.esc

# [ui] mouse = no: the click is left to the terminal (the desk asks for no
# mouse reports, and ignores one that comes).
printf '[ui]\nmouse = no\n' > nomouse.ini
cat > steps.nomouse <<'EOF'
wait row 1 of 60 :: mouse = no: the desk is up
send \e[<0;3;6M\e[<0;3;6mj
wait row 2 of 60 :: mouse = no: a click selects nothing (j then moves to row 2)
send Q
exit 0 :: mouse = no: Q quits
EOF
"$PTYKEYS" -t xterm -s 24x80 -f steps.nomouse -- \
	"$SVDESK" --config "$WORK/nomouse.ini" --db "$WORK/demo.db" > out.nomouse 2> err.nomouse
while IFS= read -r line; do
	case "$line" in
	"ok "*) ok "${line#ok }" ;;
	"not ok "*) not_ok "${line#not ok }" "$(head -30 err.nomouse)" ;;
	esac
done < out.nomouse

done_testing

#!/bin/sh
# Terminals that cannot move the cursor are refused, with what to set:
# TERM=dumb, a printing terminal, TERM unset or empty, and a TERM with no
# terminfo entry: exit 1 and the advice, never a blank screen.  The desk
# runs in a real pseudo-terminal (tests/pty/ptykeys), as from a shell.
. "$top_srcdir/tests/lib.sh"

PTYKEYS="$top_builddir/tests/pty/ptykeys"
"$SVDESK" init --db team.db >/dev/null || exit 99

# refused NAME TERM TEXT...: the desk in a pty with TERM (- for unset) ends
# with status 1 and shows each TEXT.
refused() {
	name=$1 term=$2
	shift 2
	{
		for text in "$@"; do
			echo "wait $text :: $name: says \"$text\""
		done
		echo "exit 1 :: $name: is refused (status 1)"
	} > steps
	"$PTYKEYS" -t "$term" -s 10x300 -f steps -- "$SVDESK" --db "$WORK/team.db" > out 2> err
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ok "${line#ok }" ;;
		"not ok "*) not_ok "${line#not ok }" "$(head -12 err)" ;;
		esac
	done < out
}

refused "TERM=dumb" dumb "TERM=dumb cannot move the cursor" \
	"set TERM to your terminal's type, e.g. TERM=xterm-256color" "(PuTTY: TERM=xterm"
refused "TERM=tty33 (a printing terminal)" tty33 "TERM=tty33 cannot move the cursor"
refused "TERM unset" - "TERM is not set" "TERM=xterm-256color"
refused "TERM empty" "" "TERM is not set"
refused "TERM=nosuchterm" nosuchterm "TERM=nosuchterm: no terminfo entry for this terminal type" \
	"TERM=xterm-256color" "install the ncurses-term package"

# The command line needs no screen.
run env TERM=dumb "$SVDESK" --version
check "TERM=dumb: the command line still works" rc_is 0

done_testing

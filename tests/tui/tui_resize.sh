#!/bin/sh
# Resizing the real binary in a real terminal (tmux): smaller (down to 20x5
# and 1x1) and larger (200x60) while on each view, no crash, the screen
# redrawn at the new size (the title bar on the first line and the footer on
# the last, each as wide as the terminal), and a clean terminal at the end:
# after Q the alternate screen is left, the cursor shows, the shell's screen
# is back and the desk's status is 0.
. "$top_srcdir/tests/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	not_ok "tmux is installed (./bootstrap installs it)"
	done_testing
fi

export SVDESK_NOW=2026-11-27
TMUX_CMD="tmux -L svdesk-resize-$$ -f /dev/null"
trap '$TMUX_CMD kill-server 2>/dev/null; t_cleanup' EXIT
unset TMUX

"$SVDESK" demo --db demo.db >/dev/null || exit 99
first_ref=$(sql demo.db 'SELECT ref FROM contract ORDER BY ref LIMIT 1')

# The desk runs from a shell that wrote a line first and waits for a line
# after it: the terminal is looked at as the shell has it after the desk
# (that line back, the desk's screen gone, the cursor on), before the pane
# ends (tmux hides the cursor of a dead pane).
$TMUX_CMD new-session -d -s t -x 80 -y 24 \
	"printf 'shell screen before the desk\\n'; TERM=tmux-256color LC_ALL=C.UTF-8 SVDESK_NOW=$SVDESK_NOW '$SVDESK' --db '$WORK/demo.db' 2>'$WORK/stderr'; st=\$?; printf 'desk ended: %s\\n' \$st; read line; exit \$st" \
	\; set-option -t t remain-on-exit on

capture() {
	$TMUX_CMD capture-pane -p -t t 2>/dev/null
}

# poll CMD...: until CMD succeeds, every 20 ms for up to 10 s (POLL_MAX
# rounds)
poll() {
	i=0
	while [ $i -lt "$(t_n "${POLL_MAX:-500}")" ]; do
		if "$@"; then
			return 0
		fi
		sleep 0.02
		i=$((i + 1))
	done
	return 1
}

shows() { capture | grep -qF -- "$1"; }

# drawn_at COLS ROWS TITLE: the pane is COLSxROWS, its first line is the
# title bar (the database's name and TITLE, the flag DEMO at the right end),
# its last the footer (the quit key's hint, the position at the right end).
drawn_at() {
	capture > screen.txt
	[ "$(wc -l < screen.txt)" -eq "$2" ] || return 1
	line1=$(sed -n 1p screen.txt)
	last=$(sed -n "${2}p" screen.txt)
	case $line1 in *demo.db*"$3"*DEMO) ;; *) return 1 ;; esac
	echo "$last" | grep -qi "q:quit" || return 1
	[ "${#line1}" -ge $(($1 - 2)) ] && [ "${#last}" -ge $(($1 - 2)) ]
}

alive() { [ "$($TMUX_CMD display -p -t t '#{pane_dead}')" = 0 ]; }
sized() { [ "$($TMUX_CMD display -p -t t '#{window_width}x#{window_height}')" = "$1" ]; }
tiny() { poll sized 1x1 && alive; }

# on_view NAME TITLE: resize through every size while on the view (TITLE:
# what the title bar names it at every size, 60 columns too)
on_view() {
	view=$1 title=$2
	for size in 20x5 1x1 200x60 60x12 132x43 80x24; do
		w=${size%x*} h=${size#*x}
		$TMUX_CMD resize-window -t t -x "$w" -y "$h"
		case $size in
		20x5)
			check "$view at $size: says the terminal is too small" poll shows "too small" ;;
		1x1)
			# (that it lived through it, the next size shows)
			check "$view at $size: the pane is 1x1 and the desk runs" tiny ;;
		*)
			check "$view at $size: title bar and footer drawn at the new size" \
				poll drawn_at "$w" "$h" "$title" ;;
		esac
	done
}

check "the desk opens" poll shows "$first_ref"
on_view "contracts" "Contracts"

$TMUX_CMD send-keys -t t '?'
check "? opens the help" poll shows "Keys of the contracts view"
on_view "help" "Help"

$TMUX_CMD send-keys -t t 1 5
check "5 opens the Reports view" poll shows "Finance Governance Board"
on_view "reports" "Reports"

$TMUX_CMD send-keys -t t '?'
check "? opens the help of the Reports view" poll shows "Keys of the reports view"
on_view "reports help" "Help"

# The views of keys 2 and 3 and a contract's page, where this build has them.
for v in "2 Measures" "3 Suppliers" "Enter contract"; do
	key=${v%% *} title=${v#* }
	$TMUX_CMD send-keys -t t 1
	poll shows "Contracts" >/dev/null
	$TMUX_CMD send-keys -t t "$key"
	POLL_MAX=100
	found=0
	poll drawn_at 80 24 "$title" && found=1
	POLL_MAX=500
	if [ $found = 1 ]; then
		on_view "$title (key $key)" "$title"
	else
		echo "# key $key: no $title view in this build"
	fi
done

$TMUX_CMD send-keys -t t Q
check "Q quits with status 0" poll shows "desk ended: 0"
check "the alternate screen is left" [ "$($TMUX_CMD display -p -t t '#{alternate_on}')" = 0 ]
check "the cursor shows again" [ "$($TMUX_CMD display -p -t t '#{cursor_flag}')" = 1 ]
# (the resizes to 1x1 may have pushed the shell's line into the history)
check "the shell's screen is back" \
	sh -c "$TMUX_CMD capture-pane -p -S - -t t | grep -qF 'shell screen before the desk'"
check "... and none of the desk's screen" sh -c "! $TMUX_CMD capture-pane -p -t t | grep -qF '$first_ref'"
check "nothing on stderr" [ ! -s stderr ]

$TMUX_CMD send-keys -t t Enter
# tmux 3.3a can miss the child's exit: nudge the server.
dead() {
	st=$($TMUX_CMD display -p -t t '#{pane_dead_status}' 2>/dev/null)
	[ -n "$st" ] && return 0
	kill -CHLD "$($TMUX_CMD display -p -t t '#{pid}' 2>/dev/null)" 2>/dev/null
	return 1
}
check "the shell ends" poll dead
check "... with the desk's status, 0" [ "$($TMUX_CMD display -p -t t '#{pane_dead_status}')" = 0 ]

done_testing

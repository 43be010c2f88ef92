#!/bin/sh
# The real binary in a real terminal (tmux): it opens full screen, moves,
# shows help, quits with q leaving the terminal clean, ends cleanly on
# SIGTERM and SIGHUP, and a backup taken while it holds the database is good.
. "$top_srcdir/tests/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	not_ok "tmux is installed (./bootstrap installs it)"
	done_testing
fi

export SVDESK_NOW=2026-11-27
# Every session gets a private server of its own (a new socket each time,
# so that a server still shutting down is never reused).
nserver=0
TMUX_CMD=
stop_server() {
	[ -z "$TMUX_CMD" ] || $TMUX_CMD kill-server 2>/dev/null
}
# new_session COMMAND: run COMMAND in a 100x30 pane that stays after it exits.
new_session() {
	stop_server
	nserver=$((nserver + 1))
	TMUX_CMD="tmux -L svdesk-test-$$-$nserver -f /dev/null"
	$TMUX_CMD new-session -d -s t -x 100 -y 30 "$1" \; set-option -t t remain-on-exit on
}
trap 'stop_server; t_cleanup' EXIT
unset TMUX

"$SVDESK" demo --db demo.db >/dev/null || exit 99

# wait_for TEXT: poll the pane every 20 ms for up to 10 s.
wait_for() {
	i=0
	while [ $i -lt "$(t_n 500)" ]; do
		if $TMUX_CMD capture-pane -p -t t 2>/dev/null | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.02
		i=$((i + 1))
	done
	return 1
}

# wait_dead: wait until the program has exited; prints its status.
wait_dead() {
	i=0
	while [ $i -lt "$(t_n 500)" ]; do
		st=$($TMUX_CMD display -p -t t '#{pane_dead_status}' 2>/dev/null)
		if [ -n "$st" ]; then
			echo "$st"
			return 0
		fi
		# tmux 3.3a can miss the child's exit: nudge the server.
		kill -CHLD "$($TMUX_CMD display -p -t t '#{pid}' 2>/dev/null)" 2>/dev/null
		sleep 0.02
		i=$((i + 1))
	done
	echo timeout
	return 1
}

# start [ENV=VALUE ...]: the desk on the demo database in a 100x30 pane.
start() {
	new_session "TERM=tmux-256color LC_ALL=C.UTF-8 SVDESK_NOW=$SVDESK_NOW $* exec '$SVDESK' --db '$WORK/demo.db' 2>'$WORK/stderr'"
}

first_ref=$(sql demo.db 'SELECT ref FROM contract ORDER BY ref LIMIT 1')
second_ref=$(sql demo.db 'SELECT ref FROM contract ORDER BY ref LIMIT 1 OFFSET 1')

start
check "the desk opens full screen on the contracts list" wait_for "$first_ref"
check "the title bar shows DEMO" wait_for "DEMO"
check "the list shows money with the pound sign" wait_for "£"
$TMUX_CMD send-keys -t t j
check "j moves the selection (the footer says row 2 of 60)" wait_for "row 2 of 60"
check "the cursor sits on the selected row" \
	[ "$($TMUX_CMD display -p -t t '#{cursor_y}')" = 3 ]
$TMUX_CMD send-keys -t t '?'
check "? shows the help" wait_for "Keys of the contracts view"

# A backup while this svdesk holds the database open.
run "$SVDESK" backup --db demo.db held-copy.db
check "backup while svdesk holds the database" rc_is 0
check "the copy passes integrity_check" [ "$(sql held-copy.db 'PRAGMA integrity_check')" = ok ]

$TMUX_CMD send-keys -t t q
check "q leaves the help" wait_for "$second_ref"

# A smaller terminal: "too small" instead of garbage; back to size, the list.
$TMUX_CMD resize-window -t t -x 50 -y 10
check "below 60x12 the desk says the terminal is too small" wait_for "terminal too small"
$TMUX_CMD resize-window -t t -x 120 -y 40
check "at a usable size again the list comes back" wait_for "$second_ref"
check "... using the new width (the header spans 120 columns; wc counts the newline)" \
	[ "$($TMUX_CMD capture-pane -p -t t | sed -n 2p | LC_ALL=C.UTF-8 wc -m)" = 121 ]
check "the colours are on by default" \
	sh -c "$TMUX_CMD capture-pane -p -e -t t | grep -q \"\$(printf '\\033')\\[3[0-7]m\""
$TMUX_CMD send-keys -t t q
check "q on the first view quits with status 0" [ "$(wait_dead)" = 0 ]
check "the terminal is back from the alternate screen" \
	[ "$($TMUX_CMD display -p -t t '#{alternate_on}')" = 0 ]
check "nothing on stderr" [ ! -s stderr ]

# NO_COLOR: no colour at all, the selection still shows (reverse video).
start NO_COLOR=1
wait_for "$first_ref" >/dev/null
check "NO_COLOR: no colour codes on screen" \
	sh -c "! $TMUX_CMD capture-pane -p -e -t t | grep -q \"\$(printf '\\033')\\[[34][0-7]m\""
check "NO_COLOR: the selection is shown in reverse video" \
	sh -c "$TMUX_CMD capture-pane -p -e -t t | grep -q \"\$(printf '\\033')\\[7m\""
$TMUX_CMD send-keys -t t Q
check "Q quits at once" [ "$(wait_dead)" = 0 ]

for sig in TERM HUP; do
	start
	check "SIG$sig: the desk is up" wait_for "$first_ref"
	pid=$($TMUX_CMD display -p -t t '#{pane_pid}')
	kill -"$sig" "$pid"
	status=$(wait_dead)
	check "SIG$sig ends svdesk" [ "$status" = "$(( 128 + $(kill -l "$sig") ))" ]
	check "SIG$sig leaves the terminal clean" \
		[ "$($TMUX_CMD display -p -t t '#{alternate_on}')" = 0 ]
	check "SIG$sig leaves the database consistent" [ "$(sql demo.db 'PRAGMA integrity_check')" = ok ]
done

# A database is never written to a terminal.
new_session "exec '$SVDESK' backup --db '$WORK/demo.db' - 2>'$WORK/stderr'"
check "backup - to a terminal is refused (2)" [ "$(wait_dead)" = 2 ]
check "... saying to redirect it" grep -q "redirect" stderr

done_testing

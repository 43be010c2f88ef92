#!/bin/sh
# The contract's page in a real terminal (tmux): resized smaller and larger
# while a commitment's detail is open on top of it, and back; the selected
# commitment is still on screen, money whole, and q and Q end the desk with
# status 0.
. "$top_srcdir/tests/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	not_ok "tmux is installed (./bootstrap installs it)"
	done_testing
fi

export SVDESK_NOW=2026-11-27
TMUX_CMD="tmux -L svdesk-contract-$$ -f /dev/null"
trap '$TMUX_CMD kill-server 2>/dev/null; t_cleanup' EXIT
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

pane() {
	$TMUX_CMD capture-pane -p -t t
}

$TMUX_CMD new-session -d -s t -x 80 -y 24 "'$SVDESK' --db demo.db; echo \"exit status \$?\"; sleep 30"
check "the desk opens" wait_for "OPCC-2024-001"
$TMUX_CMD send-keys -t t Enter
check "Enter opens the contract's page" wait_for "Commitments 2026/27"
# the fourth commitment, then its detail
$TMUX_CMD send-keys -t t j j j Enter
check "Enter opens the commitment" wait_for "Return lines 2026/27"
$TMUX_CMD resize-window -t t -x 60 -y 12
check "smaller (60x12): the commitment's page is redrawn" wait_for "Committed £SV"
$TMUX_CMD resize-window -t t -x 140 -y 40
check "larger (140x40): its return lines show" wait_for "Q4  not yet due"
$TMUX_CMD send-keys -t t q
check "q: back on the contract's page" wait_for "Returns by quarter 2026/27"
$TMUX_CMD resize-window -t t -x 61 -y 13
# the narrow layout's heading shows only once the resize is drawn (the wide
# page showed WM-RO1 already)
check "smaller again: the page is laid out for 61 columns" wait_for "   Committed  Delivered  Validated % valid"
check "smaller again: the selected commitment (WM-RO1) is still on screen" wait_for "WM-RO1"
check "... and its money whole" sh -c "$TMUX_CMD capture-pane -p -t t | grep -q '£4,550.00'"
$TMUX_CMD resize-window -t t -x 80 -y 24
$TMUX_CMD send-keys -t t Q
check "Q ends the desk with status 0" wait_for "exit status 0"
check "... and the screen is the shell's again (no page left)" \
	sh -c "! $TMUX_CMD capture-pane -p -t t | grep -q 'Commitments 2026/27'"

done_testing

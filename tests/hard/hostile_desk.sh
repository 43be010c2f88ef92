# hostile_desk.sh: part of tests/hard/hostile.sh (sourced): the desk on the
# tampered database in a real pseudo-terminal, through every view, page,
# form, pick list and footer message; every byte it sends is kept and
# scanned (tests/pty/ptykeys -o, tests/hard/bytescan term).

printf '[print]\ncommand = cat > desk-printed.txt\n' > print_ok.ini
# a print command that fails and says so with escape sequences and a C1
# control on its standard error (the message shows its first line)
cat > print_fail.ini <<'EOF'
[print]
command = "printf 'PRNM\033]0;T\007\302\233x\342\200\256y\n' >&2; exit 3"
EOF

# desk_steps MODE: the walk.  MODE check waits for each marker (the desk
# is tall enough to show them); MODE walk only lets each screen settle (a
# small screen cuts them).
desk_steps() {
	if [ "$1" = check ]; then
		w() { echo "wait $1 :: $2"; }
	else
		w() { echo "settle 150"; }
	fi
	echo "wait Contracts :: desk: the contracts list is up"
	if [ "$1" = check ]; then
		for p in $HOSTILE_ALL; do
			w "xTI$p:" "contracts list: the title marker xTI$p ($(payload_name $p))"
		done
	fi
	w xSU "contracts list: supplier names"
	w xRF "contracts list: refs"
	# (search reads the folded names, which a database written by
	# another tool leaves as they were: a ref is searched)
	printf "%s\n" "send /WMP-2025\\r"
	w "WMP-2025" "search: a match"
	printf "%s\n" "send g\\r"
	w "Contract manager" "contract page"
	w xMG "contract page: the manager"
	w xAW "contract page: the award report"
	w xLW "contract page: the living wage note"
	w xMS "contract page: the modern slavery note"
	w xME "contract page: measure titles"
	w xPS "contract page: proxy set names"
	printf "%s\n" "send j\\r"
	w xCN "commitment page: the note"
	printf "%s\n" "send j\\r"
	w xEV "line page: the evidence"
	printf "%s\n" "send 1E"
	w "Edit contract" "form: edit contract"
	w xTI "form: the title field"
	printf "%s\n" "send \\t\\tx"
	w "xSU01" "pick list: the suppliers"
	printf "%s\n" "send \\e\\e"
	if [ "$1" = check ]; then
		echo "gone Edit contract :: form: Esc leaves the pick list, Esc the form"
	else
		echo "settle 150"
	fi
	printf "%s\n" "send 2"
	w xTH "measures: theme titles"
	w xOU "measures: outcome texts"
	printf "%s\n" "send j\\e[C"
	w xME "measures: a measure's title"
	printf "%s\n" "send 3"
	w xSU "suppliers list"
	printf "%s\n" "send D"
	w "give them another supplier first" "footer: a refusal that names the supplier"
	printf "%s\n" "send 6"
	w xAU "audit log: who"
	printf "%s\n" "send \\r"
	w xAO "audit entry: the value before"
	w xAT "audit entry: the value after"
	printf "%s\n" "send qfper\\r"
	w xAU "audit log: the pick list of people"
	printf "%s\n" "send \\e"
	echo "settle 100"
	printf "%s\n" "send 5"
	w "Finance Governance Board" "reports: FGB"
	w xPS "reports: the proxy set"
	printf "%s\n" "send p"
	w "printed" "reports: printed from the desk"
	printf "%s\n" "send H"
	w xHL "reports: the highlights"
	printf "%s\n" "send Hb"
	w "Quarterly Performance Review" "reports: QPRB"
	printf "%s\n" "send b"
	echo "settle 150"
	printf "%s\n" "send 4"
	w xSU "queue: awaiting lines"
	printf "%s\n" "send \\r"
	w xEV "queue: a line's page"
	printf "%s\n" "send x"
	echo "settle 150"
	printf "%s\n" "send hostile\\r"
	echo "settle 200"
	printf "%s\n" "send u"
	echo "settle 200"
	printf "%s\n" "send q4fstatus\\rdec\\r"
	w xVB "queue: who decided"
	printf "%s\n" "send \\r"
	w xRS "queue: a decided line: the reason"
	w xVB "... and who decided"
	printf "%s\n" "send 7"
	w xPS "proxy sets"
	printf "%s\n" "send ?"
	echo "settle 100"
	printf "%s\n" "send \\e"
	echo "settle 100"
	printf "%s\n" "send Q"
	echo "exit 0 :: desk: Q quits"
}

# desk_run LABEL TERM ROWSxCOLS MODE CONFIG: one walk (in the locale
# $DESK_LC, C.UTF-8 when unset); each ok/not ok of the harness is a test,
# then the scan of what the terminal received.
desk_run() {
	label=$1
	desk_steps "$4" > "steps.$label"
	LC_ALL=${DESK_LC:-C.UTF-8} "$PTYKEYS" -t "$2" -s "$3" -f "steps.$label" -o "raw.$label" -- \
		"$SVDESK" --config "$WORK/$5" --db "$WORK/hdb.db" > "out.$label" 2> "err.$label"
	st=$?
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ok "$label: ${line#ok }" ;;
		"not ok "*) not_ok "$label: ${line#not ok }" "$(tail -40 "err.$label" | sed 's/ *$//' | grep -v '^$')" ;;
		esac
	done < "out.$label"
	check "$label: the harness ran every step (status $st)" [ "$st" = 0 ]
	printf '# %s: the terminal received %s bytes\n' "$label" "$(wc -c < "raw.$label")"
	scan_term "$label: every byte sent to the terminal: only curses' own sequences, no control, C1, bidi or zero-width character from the data" "$2" "raw.$label"
}

desk_run xterm-256color xterm-256color 60x200 check print_ok.ini
check "the desk's print command received the FGB" grep -q "Finance Governance Board" desk-printed.txt
scan_plain "... with no escape, control, C1, bidi or zero-width character" desk-printed.txt
check "... the proxy set's marker is there, neutralised" grep -q "xPS01:a?\[31;1mRED?\[0mb" desk-printed.txt
hostile_lap "the desk under xterm-256color"
rm -f desk-printed.txt
desk_run linux linux 24x80 walk print_ok.ini
check "the desk's print command (TERM=linux) received the FGB" grep -q "Finance Governance Board" desk-printed.txt
hostile_lap "the desk under linux"
# outside UTF-8 (LC_ALL=C) the desk shows plain letters and '?'
DESK_LC=C
desk_run linux-C linux 24x80 walk print_ok.ini
DESK_LC=
hostile_lap "the desk under linux, LC_ALL=C"

# the failing print command: its message in the footer, made safe
cat > steps.printfail <<'EOF'
wait Contracts :: print fails: the desk is up
send 5p
wait PRNM :: print fails: the footer shows the command's first line of stderr
send Q
exit 0 :: print fails: Q quits
EOF
"$PTYKEYS" -t xterm-256color -s 24x200 -f steps.printfail -o raw.printfail -- \
	"$SVDESK" --config "$WORK/print_fail.ini" --db "$WORK/hdb.db" > out.printfail 2> err.printfail
while IFS= read -r line; do
	case "$line" in
	"ok "*) ok "${line#ok }" ;;
	"not ok "*) not_ok "${line#not ok }" "$(tail -40 err.printfail | sed 's/ *$//' | grep -v '^$')" ;;
	esac
done < out.printfail
scan_term "print fails: every byte sent to the terminal is curses' own" xterm-256color raw.printfail
hostile_lap "a print command that fails"

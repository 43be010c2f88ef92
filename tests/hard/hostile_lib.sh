# hostile_lib.sh: the hostile corpus of tests/hard/hostile.sh (sourced).
#
# Each payload has a number (01..19) and a name; its bytes come from
# payload N.  A test puts a visible marker of its own in front of a
# payload (TI07: the contract title that carries payload 07), so that a
# screen, a report or a message can be searched for it.

HOSTILE_N=19
# HOSTILE_LONG: the characters of the long payload (the issue's 10,000)
: "${HOSTILE_LONG:=10000}"

payload_name() {
	case $1 in
	01) echo "CSI colour" ;;
	02) echo "CSI cursor and screen" ;;
	03) echo "OSC 0 window title" ;;
	04) echo "OSC 2 window title (ST)" ;;
	05) echo "OSC 52 clipboard" ;;
	06) echo "DCS" ;;
	07) echo "ESC [6n cursor query" ;;
	08) echo "ESC [c device attributes query" ;;
	09) echo "C0 controls" ;;
	10) echo "C1 controls as code points" ;;
	11) echo "C1 controls as raw bytes" ;;
	12) echo "bidi controls" ;;
	13) echo "zero-width characters" ;;
	14) echo "byte-order mark" ;;
	15) echo "line and paragraph separators" ;;
	16) echo "overlong UTF-8" ;;
	17) echo "UTF-8 surrogates" ;;
	18) echo "truncated UTF-8" ;;
	19) echo "$HOSTILE_LONG-character text" ;;
	esac
}

# payload N [db]: the bytes of payload N.  "db" adds what a CSV cell
# cannot hold without changing its line count (LF, CR): a database written
# by another tool can hold anything.
payload() {
	case $1 in
	01) printf 'a\033[31;1mRED\033[0mb' ;;
	02) printf 'a\033[2J\033[1;1H\033[?25l\033[?1049lb' ;;
	03) printf 'a\033]0;TITLE0\007b' ;;
	04) printf 'a\033]2;TITLE2\033\\b' ;;
	05) printf 'a\033]52;c;cHduZWQ=\007b' ;;
	06) printf 'a\033P+q544e\033\\b' ;;
	07) printf 'a\033[6nb' ;;
	08) printf 'a\033[c\033[>cb' ;;
	09) printf 'a\001\002\010\013\014\016\017\177b'
	    [ "${2:-}" = db ] && printf '\r\nc' ;;
	10) printf 'a\302\23331m\302\2350;T\302\234\302\205\302\204b' ;;
	11) printf 'a\23331m\2350;T\234b' ;;
	12) printf 'a\342\200\252b\342\200\253c\342\200\254d\342\200\255e\342\200\256f'
	    printf '\342\201\246g\342\201\247h\342\201\250i\342\201\251j\342\200\216k\342\200\217l\330\234m' ;;
	13) printf 'a\342\200\213b\342\200\214c\342\200\215d\342\201\240e' ;;
	14) printf 'a\357\273\277b' ;;
	15) printf 'a\342\200\250b\342\200\251c' ;;
	16) printf 'a\300\257b\340\200\257c\301\201d' ;;
	17) printf 'a\355\240\200b\355\277\277c' ;;
	18) printf 'a\342\202 b\360\237\230' ;;
	19) awk -v n="$HOSTILE_LONG" 'BEGIN { s = "W"; for (i = 1; i < n; i++) s = s (i % 7 ? "w" : " "); printf "%s", s }' ;;
	esac
}

# Which payloads the importer must reject (spec.md "CSV files": text is
# valid UTF-8, no control character but tab, at most 4,000 bytes; a
# byte-order mark inside a file is refused too), and which it must store
# as they are (bidi, zero-width and separator characters are text).
HOSTILE_REJECTED="01 02 03 04 05 06 07 08 09 10 11 14 16 17 18 19"
HOSTILE_ACCEPTED="12 13 15"
HOSTILE_ALL="01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19"

# hostile_load: each payload once into $PL_NN (forks are dear on a busy
# machine; a shell variable holds any byte but NUL).
hostile_load() {
	for p in $HOSTILE_ALL; do
		eval "PL_$p=\$(payload $p)"
	done
}

# pl N: payload N from its variable.
pl() {
	eval "printf '%s' \"\$PL_$1\""
}

# hexof: the bytes on stdin in lower-case hex (an SQL blob literal).
hexof() {
	od -An -v -tx1 | tr -d ' \n'
}

# csv_cell TEXT: TEXT as one quoted CSV cell.
csv_cell() {
	printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"
}

# scan_plain LABEL FILE...: no escape, control, C1, bidi or zero-width
# character in text meant for a person or a printer.
scan_plain() {
	label=$1
	shift
	if "$BYTESCAN" plain "$@" > scan.out 2>&1; then
		ok "$label"
	else
		not_ok "$label" "$(head -12 scan.out)"
	fi
}

# scan_csv LABEL FILE...: CSV: no escape, control (but tab, CR, LF) or C1
# character, no byte-order mark but the first; bidi and zero-width
# characters are data there.
scan_csv() {
	label=$1
	shift
	if "$BYTESCAN" csv "$@" > scan.out 2>&1; then
		ok "$label"
	else
		not_ok "$label" "$(head -12 scan.out)"
	fi
}

# scan_term LABEL TERM FILE: only the escape sequences curses makes.
scan_term() {
	if "$BYTESCAN" term "$2" "$3" > scan.out 2>&1; then
		ok "$1"
	else
		not_ok "$1" "$(head -12 scan.out)"
	fi
}

#!/bin/sh
# tests/pkg/debian.sh: the Debian package, from the tree to an ordinary
# user's desk.  Not part of `make check`: it needs root and apt, and it
# installs and removes a package and a user on this machine.
#
#   1. copies the tree (the files git knows, changed or not, and new files
#      it does not ignore; without git, the whole folder) to a scratch
#      folder, so that the source tree is never written to;
#   2. installs the packaging tools and the Build-Depends when missing;
#   3. builds the source and binary packages with dpkg-buildpackage -us -uc
#      (make check runs inside, in dh_auto_test, unless DEB_BUILD_OPTIONS
#      has nocheck);
#   4. runs lintian on the .changes (source and binary): any E: line fails,
#      W: lines are shown;
#   5. installs the .deb with apt-get, then, as an ordinary user that it
#      creates: svdesk --version, svdesk --demo headless (the screen shows
#      the demo's contracts), the example configuration copied into place
#      and read, the board pack (svdesk --version says "PDF board pack:
#      yes"; a PDF report of a demo database, which pdfinfo reads, A4, its
#      fonts embedded), and man -w svdesk;
#   6. removes (purges) the package and the user.
#
# Usage: sh tests/pkg/debian.sh    (as root; prints TAP, exits 1 on a failure)
# PKG_KEEP=DIR copies the built files (.deb, .dsc, .changes, logs) to DIR.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd) || exit 99
n=0
nfailed=0

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	nfailed=$((nfailed + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do
		printf '#   %s\n' "$line"
	done
}
# show FILE [LINES]: the end of a file as TAP comments
show() {
	tail -n "${2:-30}" "$1" 2>/dev/null | sed 's/^/#   /'
}
finish() {
	echo "1..$n"
	[ "$nfailed" = 0 ] || exit 1
	exit 0
}

if [ "$(id -u)" != 0 ]; then
	if [ -n "${CI:-}" ]; then
		not_ok "tests/pkg/debian.sh runs as root (it installs packages and creates a user)"
		finish
	fi
	echo "1..0 # SKIP not root: this test installs a package and creates a user"
	exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# The user's desk runs in a UTF-8 locale, as a person's would.
export LC_ALL=C.UTF-8
pkg=svdesk
user=svdpkg$$
scratch=$(mktemp -d /tmp/svdesk-pkg.XXXXXX) || exit 99
chmod 755 "$scratch"
installed_by_us=

cleanup() {
	if [ -n "$installed_by_us" ] && dpkg-query -W "$pkg" >/dev/null 2>&1; then
		apt-get purge -y -qq "$pkg" >/dev/null 2>&1
	fi
	if id "$user" >/dev/null 2>&1; then
		userdel -r "$user" >/dev/null 2>&1 ||
			echo "# could not remove the user $user (userdel -r $user)" >&2
	fi
	rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ---- the packaging tools ---------------------------------------------------
tools="dpkg-dev debhelper lintian fakeroot man-db passwd poppler-utils"
missing=
for p in $tools; do
	case $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -n "$missing" ]; then
	# shellcheck disable=SC2086
	if apt-get update -qq >"$scratch/apt.log" 2>&1 &&
		apt-get install -y -qq --no-install-recommends $missing >>"$scratch/apt.log" 2>&1; then
		ok "the packaging tools are installed:$missing"
	else
		not_ok "apt-get install$missing" "$(tail -n 5 "$scratch/apt.log")"
		finish
	fi
else
	ok "the packaging tools are installed ($tools)"
fi

if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q " installed"; then
	not_ok "the package $pkg is not installed yet" \
		"this test installs and removes it: remove the installed one first (apt-get purge $pkg)"
	finish
fi

# ---- a clean copy of the tree ----------------------------------------------
version=$(sed -n 's/^AC_INIT(\[svdesk\], *\[\([^]]*\)\].*/\1/p' "$top/configure.ac")
src=$scratch/build/$pkg-$version
mkdir -p "$src"
if git -C "$top" rev-parse --show-toplevel >/dev/null 2>&1; then
	# Tracked files as they are now and new files git does not ignore: no
	# build products (configure, Makefile, objects) of a build in the tree.
	(cd "$top" && git ls-files -z --cached --others --exclude-standard |
		tar --null -T - --ignore-failed-read -cf - 2>/dev/null) |
		tar -C "$src" -xf -
else
	cp -a "$top/." "$src/"
fi
if [ -f "$src/debian/control" ] && [ -f "$src/configure.ac" ]; then
	ok "a copy of the tree in a scratch folder ($pkg-$version)"
else
	not_ok "a copy of the tree in a scratch folder" "no debian/control or configure.ac in $src"
	finish
fi

chversion=$(cd "$src" && dpkg-parsechangelog -S Version)
if [ -n "$version" ] && [ "$chversion" = "$version" ]; then
	ok "debian/changelog's version is configure.ac's ($version)"
else
	not_ok "debian/changelog's version is configure.ac's" \
		"configure.ac: '$version', debian/changelog: '$chversion' (add a changelog entry: dch -v $version)"
fi

# ---- the Build-Depends -------------------------------------------------------
if (cd "$src" && dpkg-checkbuilddeps) >"$scratch/deps.log" 2>&1; then
	ok "the Build-Depends are installed"
elif apt-get build-dep -y -qq "$src" >"$scratch/deps.log" 2>&1 ||
	{ apt-get update -qq && apt-get build-dep -y -qq "$src"; } >>"$scratch/deps.log" 2>&1; then
	ok "the Build-Depends are installed (apt-get build-dep)"
else
	not_ok "apt-get build-dep" "$(tail -n 5 "$scratch/deps.log")"
	finish
fi

# ---- the build ---------------------------------------------------------------
in_git=
if git -C "$top" rev-parse --show-toplevel >/dev/null 2>&1; then
	in_git=1
	git -C "$top" status --porcelain --ignored >"$scratch/status.before"
fi
echo "# dpkg-buildpackage -us -uc (DEB_BUILD_OPTIONS='${DEB_BUILD_OPTIONS:-}')"
if (cd "$src" && nice dpkg-buildpackage -us -uc) >"$scratch/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc builds the package"
else
	not_ok "dpkg-buildpackage -us -uc builds the package (its log's end:)"
	show "$scratch/build.log" 60
	finish
fi
out=$scratch/build
deb=$(ls "$out/${pkg}_${version}_"*.deb 2>/dev/null | head -n 1)
changes=$(ls "$out/${pkg}_${version}_"*.changes 2>/dev/null | head -n 1)
if [ -n "$deb" ] && [ -n "$changes" ]; then
	ok "the build made $(basename "$deb") and $(basename "$changes")"
else
	not_ok "the build made a .deb and a .changes" "$(ls "$out")"
	finish
fi
if [ -n "${PKG_KEEP:-}" ]; then
	mkdir -p "$PKG_KEEP" && cp "$out"/*.deb "$out"/*.changes "$out"/*.dsc \
		"$out"/*.tar.* "$out"/*.buildinfo "$scratch/build.log" "$PKG_KEEP"/ 2>/dev/null
fi
# make check's summary in the build (none with nocheck)
summary=$(sed -n 's/^# \(TOTAL\|PASS\|SKIP\|FAIL\|ERROR\): *\([0-9]*\)$/\1 \2/p' \
	"$scratch/build.log" | head -n 5 | tr '\n' ' ')
[ -z "$summary" ] || echo "# make check in the package build: $summary"

# The source tree is never written to: the build happened in the copy.
if [ -n "$in_git" ]; then
	git -C "$top" status --porcelain --ignored >"$scratch/status.after"
	if cmp -s "$scratch/status.before" "$scratch/status.after"; then
		ok "the source tree is untouched (git status, ignored files included)"
	else
		not_ok "the source tree is untouched (git status, ignored files included)" \
			"$(diff "$scratch/status.before" "$scratch/status.after" | head -n 8)"
	fi
fi

# ---- lintian -----------------------------------------------------------------
# As root lintian warns that it runs as root: that line is not about the package.
lintian --display-info "$changes" 2>&1 | grep -v "running with root privileges" \
	>"$scratch/lintian.log"
nerr=$(grep -c '^E: ' "$scratch/lintian.log")
nwarn=$(grep -c '^W: ' "$scratch/lintian.log")
if [ "$nerr" = 0 ]; then
	ok "lintian: no errors ($nwarn warnings)"
else
	not_ok "lintian: no errors ($nerr errors, $nwarn warnings)"
fi
grep '^[EW]: ' "$scratch/lintian.log" | sed 's/^/#   /'
grep -v '^[EWIPNX]: \|^$' "$scratch/lintian.log" | sed 's/^/#   lintian: /'

# ---- what the package holds ---------------------------------------------------
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/svdesk ./usr/share/man/man1/svdesk.1.gz \
	./usr/share/doc/svdesk/examples/svdesk.ini.example \
	./usr/share/doc/svdesk/copyright ./usr/share/doc/svdesk/README.md.gz; do
	if echo "$contents" | grep -q " $f\$"; then
		ok "the package holds $f"
	else
		not_ok "the package holds $f"
	fi
done

# ---- installed, as an ordinary user ------------------------------------------
if apt-get install -y -qq "$deb" >"$scratch/install.log" 2>&1; then
	installed_by_us=1
	ok "apt-get install ./$(basename "$deb")"
else
	not_ok "apt-get install ./$(basename "$deb")"
	show "$scratch/install.log" 20
	finish
fi
if ! useradd -m -s /bin/sh "$user"; then
	not_ok "useradd $user"
	finish
fi
home=$(getent passwd "$user" | cut -d: -f6)
# as CMD...: CMD as the user, with the environment of a fresh login
as() {
	setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups \
		env -i HOME="$home" USER="$user" LOGNAME="$user" SHELL=/bin/sh \
		PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TERM=xterm-256color "$@"
}

if as svdesk --version >"$scratch/version.out" 2>&1 &&
	grep -q "$version" "$scratch/version.out"; then
	ok "svdesk --version as $user: $(head -n 1 "$scratch/version.out")"
else
	not_ok "svdesk --version as $user says $version" "$(head -n 3 "$scratch/version.out")"
fi

# The desk on the demo database, headless: no keys, the first screen.
: >"$home/none.keys"
chown "$user" "$home/none.keys"
if as sh -c 'cd && svdesk --demo --keys none.keys --size 80x24 --dump demo.txt' \
	>"$scratch/demo.out" 2>&1; then
	ok "svdesk --demo as $user"
else
	not_ok "svdesk --demo as $user" "$(head -n 5 "$scratch/demo.out")"
fi
screen=$home/demo.txt
if head -n 1 "$screen" 2>/dev/null | grep -q "demo.db  Contracts .*DEMO"; then
	ok "the demo desk's title bar: demo.db, Contracts, DEMO"
else
	not_ok "the demo desk's title bar: demo.db, Contracts, DEMO" "$(head -n 1 "$screen" 2>/dev/null)"
fi
rows=$(grep -cE '^(WMP|OPCC)-[0-9]{4}-[0-9]{3} ' "$screen" 2>/dev/null)
if [ "${rows:-0}" -ge 10 ]; then
	ok "the screen lists the demo's contracts ($rows rows)"
else
	not_ok "the screen lists the demo's contracts (10 rows or more)" "$(head -n 24 "$screen" 2>/dev/null)"
fi
demo_db=$home/.local/share/svdesk/demo.db
if [ -f "$demo_db" ] && [ "$(stat -c %U "$demo_db")" = "$user" ]; then
	ok "the demo database is the user's, in ~/.local/share/svdesk"
else
	not_ok "the demo database is the user's, in ~/.local/share/svdesk" "$(ls -la "$(dirname "$demo_db")" 2>&1)"
fi

# The example configuration, copied into place as its first lines say, is
# read without a complaint (every key in it is commented out: the defaults).
example=/usr/share/doc/svdesk/examples/svdesk.ini.example
if [ -f "$example" ] &&
	as sh -c "mkdir -p ~/.config/svdesk && cp '$example' ~/.config/svdesk/svdesk.ini && cd && svdesk --demo --keys none.keys --size 80x24" \
		>"$scratch/config.out" 2>&1; then
	ok "the example configuration is installed and svdesk reads it ($example)"
else
	not_ok "the example configuration is installed and svdesk reads it ($example)" \
		"$(head -n 5 "$scratch/config.out" 2>/dev/null)"
fi

# The board pack: built in (debian/rules configures --with-pdf=yes), and a
# PDF report written by the user from a demo database.
if grep -q '^PDF board pack: yes' "$scratch/version.out"; then
	ok "svdesk --version: PDF board pack: yes"
else
	not_ok "svdesk --version: PDF board pack: yes" "$(cat "$scratch/version.out")"
fi
if as sh -c 'cd && svdesk demo --db pack.db >/dev/null 2>&1 &&
	svdesk --db pack.db report fgb --format pdf -o fgb.pdf' >"$scratch/pdf.out" 2>&1 &&
	[ -s "$home/fgb.pdf" ]; then
	ok "svdesk report fgb --format pdf -o fgb.pdf as $user"
else
	not_ok "svdesk report fgb --format pdf -o fgb.pdf as $user" "$(head -n 5 "$scratch/pdf.out")"
fi
pdfinfo "$home/fgb.pdf" >"$scratch/pdfinfo.out" 2>&1
pages=$(sed -n 's/^Pages: *//p' "$scratch/pdfinfo.out")
if [ "${pages:-0}" -ge 1 ] && grep -q '^Page size: *595\.[0-9]* x 841\.[0-9]* pts (A4)' "$scratch/pdfinfo.out"; then
	ok "pdfinfo reads it: $pages A4 pages"
else
	not_ok "pdfinfo reads it: A4 pages" "$(head -n 20 "$scratch/pdfinfo.out")"
fi
pdffonts "$home/fgb.pdf" >"$scratch/pdffonts.out" 2>&1
if awk 'NR > 2 { n++; if ($(NF - 4) != "yes") bad = 1 } END { exit bad || n == 0 }' "$scratch/pdffonts.out"; then
	ok "its fonts are embedded ($(awk 'NR > 2 { print $1 }' "$scratch/pdffonts.out" | tr '\n' ' '))"
else
	not_ok "its fonts are embedded (pdffonts)" "$(cat "$scratch/pdffonts.out")"
fi

page=$(as man -w svdesk 2>&1)
if [ "$page" = /usr/share/man/man1/svdesk.1.gz ]; then
	ok "man -w svdesk: $page"
else
	not_ok "man -w svdesk finds the page" "$page"
fi
if as sh -c 'MANWIDTH=80 man svdesk 2>&1' | grep -q "svdesk demo"; then
	ok "man svdesk shows the page"
else
	not_ok "man svdesk shows the page"
fi

# ---- removed -------------------------------------------------------------------
userdel -r "$user" >/dev/null 2>&1
if id "$user" >/dev/null 2>&1; then
	not_ok "userdel -r $user"
else
	ok "the user $user is removed"
fi
if apt-get purge -y -qq "$pkg" >"$scratch/purge.log" 2>&1 &&
	! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q " installed" &&
	[ ! -e /usr/bin/svdesk ] && [ ! -e /usr/share/doc/svdesk ]; then
	installed_by_us=
	ok "apt-get purge $pkg removes it all"
else
	not_ok "apt-get purge $pkg removes it all" "$(tail -n 5 "$scratch/purge.log")"
fi

finish

#!/bin/sh
# Install the one-folder app (packaging/build.py) on a Linux PC or server, as root.
#
#   sudo sh packaging/linux/install.sh                      # app, menu entries, `kiosk` command
#   sudo sh packaging/linux/install.sh --deps               # + Qt's xcb libraries (Debian/Ubuntu)
#   sudo sh packaging/linux/install.sh --autostart display  # + start that role full screen at log-on
#   sudo sh packaging/linux/install.sh --server             # + the kiosk-server systemd unit
#
# --from DIR: the built app folder (default: ./kiosk beside this script, else dist/kiosk).
# DESTDIR=/some/root installs below that folder instead (no user, apt or systemctl: for tests
# and packagers). An upgrade replaces the app folder whole; data folders are never touched.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
APP=""
AUTOSTART=""
SERVER=0
DEPS=0
DESTDIR=${DESTDIR:-}
PREFIX=/opt/kiosk-mot-cua
XCB_PACKAGES="libxcb1 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0 \
libfontconfig1 libdbus-1-3 libegl1 libgl1"

while [ $# -gt 0 ]; do
    case "$1" in
        --from) APP=$2; shift 2 ;;
        --autostart) AUTOSTART=$2; shift 2 ;;
        --server) SERVER=1; shift ;;
        --deps) DEPS=1; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
case "$AUTOSTART" in
    ""|counter|dispenser|selfcheck|display|department|supervisor|admin) ;;
    *) echo "install.sh: --autostart takes counter, dispenser, selfcheck, display," \
            "department, supervisor or admin" >&2; exit 2 ;;
esac
if [ -z "$APP" ]; then
    if [ -x "$HERE/kiosk/kiosk" ]; then APP="$HERE/kiosk"; else APP="$HERE/../../dist/kiosk"; fi
fi
if [ ! -x "$APP/kiosk" ]; then
    echo "install.sh: no built app in $APP (run: python packaging/build.py)" >&2
    exit 1
fi
if [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root (sudo)" >&2
    exit 1
fi

# The app: copied beside the old one, then swapped in, so a failed copy leaves the old app.
mkdir -p "$DESTDIR$(dirname "$PREFIX")"
rm -rf "$DESTDIR$PREFIX.new"
cp -a "$APP" "$DESTDIR$PREFIX.new"
rm -rf "$DESTDIR$PREFIX.old"
if [ -e "$DESTDIR$PREFIX" ]; then mv "$DESTDIR$PREFIX" "$DESTDIR$PREFIX.old"; fi
mv "$DESTDIR$PREFIX.new" "$DESTDIR$PREFIX"
rm -rf "$DESTDIR$PREFIX.old"
mkdir -p "$DESTDIR/usr/local/bin"
ln -sf "$PREFIX/kiosk" "$DESTDIR/usr/local/bin/kiosk"

# Menu entry (the counter, with the other roles as actions) and its icon.
install -D -m 644 "$HERE/kiosk-mot-cua.desktop" "$DESTDIR/usr/share/applications/kiosk-mot-cua.desktop"
install -D -m 644 "$HERE/kiosk-mot-cua.svg" \
    "$DESTDIR/usr/share/icons/hicolor/scalable/apps/kiosk-mot-cua.svg"

if [ -n "$AUTOSTART" ]; then
    target="$DESTDIR/etc/xdg/autostart/kiosk-mot-cua-$AUTOSTART.desktop"
    mkdir -p "$(dirname "$target")"
    sed -e "s/--role dispenser/--role $AUTOSTART/" \
        -e "s/máy lấy số/$AUTOSTART/; s/ticket dispenser/$AUTOSTART/" \
        "$HERE/kiosk-mot-cua-autostart.desktop" > "$target"
    chmod 644 "$target"
fi

if [ "$SERVER" -eq 1 ]; then
    install -D -m 644 "$HERE/kiosk-server.service" "$DESTDIR/etc/systemd/system/kiosk-server.service"
    if [ ! -e "$DESTDIR/etc/kiosk-mot-cua/server.env" ]; then
        install -D -m 640 "$HERE/server.env.example" "$DESTDIR/etc/kiosk-mot-cua/server.env"
    fi
    if [ -z "$DESTDIR" ]; then
        id kiosk >/dev/null 2>&1 || useradd --system --home-dir /var/lib/kiosk-mot-cua \
            --shell /usr/sbin/nologin kiosk
        chgrp kiosk /etc/kiosk-mot-cua/server.env
        systemctl daemon-reload
        echo "Next: set KIOSK_DB in /etc/kiosk-mot-cua/server.env, then"
        echo "      systemctl enable --now kiosk-server   (docs/install.md, Server)"
    fi
fi

if [ "$DEPS" -eq 1 ] && [ -z "$DESTDIR" ]; then
    # shellcheck disable=SC2086 - the list is meant to split
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $XCB_PACKAGES
fi
echo "Installed in $DESTDIR$PREFIX. Check this PC with: kiosk doctor"

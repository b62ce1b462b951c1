#!/bin/sh
# Install (or upgrade) cpdesk for the current user, from the unpacked bundle folder:
#     ./install.sh            # the app into ~/.local/opt/cpdesk, a menu launcher, `cpdesk` in ~/.local/bin
#     ./install.sh --uninstall
# The data (depot stores, station file, logs) live elsewhere, in ~/.local/share/cpdesk and
# ~/.config/cpdesk: an upgrade replaces the app folder only, and the next start migrates the
# store. Set CPDESK_PREFIX to install elsewhere than ~/.local/opt.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${CPDESK_PREFIX:-$HOME/.local/opt}
app="$prefix/cpdesk"
apps=${XDG_DATA_HOME:-$HOME/.local/share}/applications
bin="$HOME/.local/bin"

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$app" "$apps/cpdesk.desktop" "$bin/cpdesk"
    find "${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor" -name cpdesk.svg -o \
        -name cpdesk.png 2>/dev/null | while read -r f; do rm -f "$f"; done
    echo "cpdesk removed (its data in ${XDG_DATA_HOME:-$HOME/.local/share}/cpdesk are kept)"
    exit 0
fi
if [ "$here" = "$app" ]; then
    echo "install.sh: run it from the unpacked bundle, not from $app" >&2
    exit 1
fi
"$here/cpdesk" --version >/dev/null  # refuse a bundle that cannot start on this PC

mkdir -p "$prefix" "$apps" "$bin"
# Copy next to the old version, then swap: an interrupted upgrade leaves the old one working.
rm -rf "$app.new" "$app.old"
cp -R "$here" "$app.new"
rm -f "$app.new/install.sh"
if [ -d "$app" ]; then mv "$app" "$app.old"; fi
mv "$app.new" "$app"
rm -rf "$app.old"

# The application icon, in the user's icon theme (the launcher names it "cpdesk").
icons=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor
art="$app/_internal/cpdesk/_resources/app"
mkdir -p "$icons/scalable/apps"
cp "$art/cpdesk.svg" "$icons/scalable/apps/cpdesk.svg"
for png in "$art"/cpdesk-*.png; do
    size=$(basename "$png" .png | cut -d- -f2)
    mkdir -p "$icons/${size}x${size}/apps"
    cp "$png" "$icons/${size}x${size}/apps/cpdesk.png"
done
sed -e "s|^Exec=.*|Exec=\"$app/cpdesk-desk\"|" "$here/cpdesk.desktop" > "$apps/cpdesk.desktop"
chmod 644 "$apps/cpdesk.desktop"
ln -sf "$app/cpdesk" "$bin/cpdesk"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q "$icons" || true
echo "cpdesk $("$app/cpdesk" --version | cut -d' ' -f2) installed in $app"
echo "menu launcher: $apps/cpdesk.desktop; command: $bin/cpdesk"

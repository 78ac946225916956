#!/usr/bin/env bash
# Install the built app for the current user, without root:
#
#   packaging/install-linux.sh [APP_FOLDER]        (default: dist/pursuit-journey)
#
#   app          ~/.local/opt/pursuit-journey/             (the whole one-folder build)
#   command      ~/.local/bin/pursuit-journey              (a symbolic link)
#   menu entry   ~/.local/share/applications/org.pursuitjourney.PursuitJourney.desktop
#   icons        ~/.local/share/icons/hicolor/<size>/apps/org.pursuitjourney.PursuitJourney.png|svg
#   file type    ~/.local/share/mime/packages/org.pursuitjourney.PursuitJourney.xml (*.pursuit)
#   its default  ~/.config/mimeapps.list (xdg-mime default, when xdg-utils is installed)
#
# Honours XDG_DATA_HOME. Running it again replaces an earlier install. Undo with
# packaging/uninstall-linux.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
app_id=org.pursuitjourney.PursuitJourney
source_app="${1:-$root/dist/pursuit-journey}"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/pursuit-journey"
bin="$HOME/.local/bin"

if [ ! -x "$source_app/pursuit-journey" ]; then
  echo "No built app in $source_app: run packaging/build-linux.sh first." >&2
  exit 1
fi

# Copy beside, then swap: a failed copy leaves an earlier install working.
mkdir -p "$(dirname "$opt")"
rm -rf "$opt.new"
cp -a "$source_app" "$opt.new"
rm -rf "$opt"
mv "$opt.new" "$opt"

mkdir -p "$bin"
ln -sfn "$opt/pursuit-journey" "$bin/pursuit-journey"

icons="$root/resources/icons"
for png in "$icons"/hicolor/*/apps/"$app_id".png; do
  size_dir="$(basename "$(dirname "$(dirname "$png")")")"
  install -D -m 0644 "$png" "$data_home/icons/hicolor/$size_dir/apps/$app_id.png"
done
install -D -m 0644 "$icons/pursuit-journey.svg" "$data_home/icons/hicolor/scalable/apps/$app_id.svg"

# The entry's Exec must read the same in every launcher. GLib (gio open, GNOME, most file managers),
# KDE, dex and mimeopen unquote it as the desktop entry specification says; xdg-open's own
# launcher (xdg-utils 1.1 and 1.2), used where no desktop environment runs (i3, Openbox, Sway…),
# splits it at spaces and keeps the quotes in the program's name. So the path goes in bare whenever
# the specification allows it (none of its reserved characters, no "%"). When the home folder's
# path has such a character, so has every folder of ours: the entry then names the link
# ~/.local/bin/pursuit-journey by its plain name when PATH finds it there, and is quoted only as
# the last resort (xdg-utils 1.1 cannot find entries in such a home anyway: it splits its search
# folders at spaces, then hands the file to mimeopen, which reads a quoted Exec correctly).
needs_quoting() {
  case "$1" in
    *[[:space:]\"\'\\\>\<\~\|\&\;\$\*\?\#\`\(\)%]*) return 0 ;;
  esac
  return 1
}
exec_path="$opt/pursuit-journey"
if ! needs_quoting "$exec_path"; then
  exec_program="$exec_path"
elif [ "$(command -v pursuit-journey || true)" = "$bin/pursuit-journey" ]; then
  exec_program=pursuit-journey
else
  # Inside quotes \ " ` $ take a backslash; the string escape then doubles every backslash.
  exec_program="\"$(printf '%s' "$exec_path" | sed -e 's/[\\"`$]/\\\\&/g' -e 's/%/%%/g')\""
  echo "Note: your home folder's path has a space or a character such as ' or \$, which" \
       "xdg-open without a desktop environment (i3, Openbox, Sway) cannot run from a menu" \
       "entry. Put $bin on your PATH and run this again: the entry then runs the command" \
       "pursuit-journey." >&2
fi
mkdir -p "$data_home/applications"
# awk reads the values from the environment: no character of a path is special to it.
EXEC_LINE="Exec=$exec_program %F" \
TRY_EXEC_LINE="TryExec=$(printf '%s' "$exec_path" | sed 's/\\/\\\\/g')" \
  awk '/^Exec=/ { print ENVIRON["EXEC_LINE"]; next }
       /^TryExec=/ { print ENVIRON["TRY_EXEC_LINE"]; next }
       { print }' "$root/resources/linux/$app_id.desktop" > "$data_home/applications/$app_id.desktop"
chmod 0644 "$data_home/applications/$app_id.desktop"

install -D -m 0644 "$root/resources/linux/$app_id.mime.xml" "$data_home/mime/packages/$app_id.xml"

# Refresh the desktop's caches when the tools are there (they are optional).
command -v update-mime-database >/dev/null && update-mime-database "$data_home/mime" || true
command -v update-desktop-database >/dev/null \
  && update-desktop-database -q "$data_home/applications" || true
# No icon-theme.cache in the user's folder: a stale one would hide other apps' icons later.
command -v xdg-mime >/dev/null \
  && xdg-mime default "$app_id.desktop" application/x-pursuit-journey 2>/dev/null || true

echo "Installed Pursuit Journey in $opt"
echo "It is in your applications menu; .pursuit files open with it."

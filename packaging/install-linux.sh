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

# The entry runs the installed executable by its full path (~/.local/bin may not be on PATH).
# Quoted for the Exec key: a home folder may contain spaces.
exec_path="$opt/pursuit-journey"
quoted="\"$(printf '%s' "$exec_path" | sed -e 's/[\\"`$]/\\\\&/g')\""
mkdir -p "$data_home/applications"
sed -e "s|^Exec=.*|Exec=$quoted %F|" -e "s|^TryExec=.*|TryExec=$exec_path|" \
  "$root/resources/linux/$app_id.desktop" > "$data_home/applications/$app_id.desktop"
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

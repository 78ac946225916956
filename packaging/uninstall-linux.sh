#!/usr/bin/env bash
# Remove what packaging/install-linux.sh installed. Your pursuits (the database in
# ~/.local/share/Pursuit Journey/) and settings are NOT touched.
#
#   packaging/uninstall-linux.sh
set -euo pipefail
app_id=org.pursuitjourney.PursuitJourney
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/pursuit-journey"
link="$HOME/.local/bin/pursuit-journey"

# Only our own link: a pursuit-journey installed another way (pip) is left alone.
if [ -L "$link" ] && [ "$(readlink "$link")" = "$opt/pursuit-journey" ]; then
  rm -f "$link"
fi
rm -rf "$opt" "$opt.new"
rm -f "$data_home/applications/$app_id.desktop" "$data_home/mime/packages/$app_id.xml"
rm -f "$data_home"/icons/hicolor/*/apps/"$app_id".png "$data_home/icons/hicolor/scalable/apps/$app_id.svg"

command -v update-mime-database >/dev/null && update-mime-database "$data_home/mime" || true
command -v update-desktop-database >/dev/null \
  && update-desktop-database -q "$data_home/applications" || true
echo "Removed Pursuit Journey. Your pursuits are still in your data folder."

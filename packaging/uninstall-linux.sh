#!/usr/bin/env bash
# Remove what packaging/install-linux.sh installed, the .pursuit default included. Your pursuits
# (the database in ~/.local/share/Pursuit Journey/) and settings are NOT touched.
#
#   packaging/uninstall-linux.sh
set -euo pipefail
app_id=org.pursuitjourney.PursuitJourney
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
config_home="${XDG_CONFIG_HOME:-$HOME/.config}"
mime_type=application/x-pursuit-journey
opt="$HOME/.local/opt/pursuit-journey"
link="$HOME/.local/bin/pursuit-journey"

# Only our own link: a pursuit-journey installed another way (pip) is left alone.
if [ -L "$link" ] && [ "$(readlink "$link")" = "$opt/pursuit-journey" ]; then
  rm -f "$link"
fi
rm -rf "$opt" "$opt.new"
rm -f "$data_home/applications/$app_id.desktop" "$data_home/mime/packages/$app_id.xml"
rm -f "$data_home"/icons/hicolor/*/apps/"$app_id".png "$data_home/icons/hicolor/scalable/apps/$app_id.svg"

# The default that install-linux.sh set (xdg-mime default): our entry leaves the .pursuit line,
# other applications' entries and every other line stay. The old place first, then the current.
for list in "$data_home/applications/mimeapps.list" "$config_home/mimeapps.list"; do
  [ -f "$list" ] && grep -q "$app_id.desktop" "$list" || continue
  awk -v prefix="$mime_type=" -v ours="$app_id.desktop" '
    index($0, prefix) == 1 {
      count = split(substr($0, length(prefix) + 1), ids, ";")
      kept = ""
      for (i = 1; i <= count; i++) if (ids[i] != "" && ids[i] != ours) kept = kept ids[i] ";"
      if (kept == "") next
      $0 = prefix kept
    }
    { print }' "$list" > "$list.new"
  cat "$list.new" > "$list" && rm -f "$list.new"  # rewritten in place: a linked list stays linked
done

command -v update-mime-database >/dev/null && update-mime-database "$data_home/mime" || true
command -v update-desktop-database >/dev/null \
  && update-desktop-database -q "$data_home/applications" || true
echo "Removed Pursuit Journey. Your pursuits are still in your data folder."

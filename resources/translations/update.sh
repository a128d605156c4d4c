#!/bin/sh
# Refresh the zh_CN catalogue from the tr() calls under ui/, then compile it. Run from anywhere.
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/.venv/bin"
[ -x "$bin/pyside6-lupdate" ] || bin=$(dirname "$(command -v pyside6-lupdate)")
ts="$root/resources/translations/microstation_zh_CN.ts"
"$bin/pyside6-lupdate" -extensions py -no-obsolete -locations none "$root/ui" -ts "$ts"
"$bin/pyside6-lrelease" "$ts" -qm "${ts%.ts}.qm"

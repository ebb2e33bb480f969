#!/bin/sh
# screenshot_window.sh OUT.png TITLE COMMAND...: runs COMMAND (on the current X display,
# e.g. inside xvfb-run), waits until a window called TITLE is mapped, lets it draw,
# saves the whole screen to OUT.png (there is no window manager: dialogs sit on a bare
# root window), then waits for COMMAND and exits with its status. Exit 3 if the window
# never appeared (within ~90 s).
out=$1; title=$2; shift 2
"$@" &
pid=$!
tries=0
until xwininfo -root -tree 2>/dev/null | grep -qF "\"$title\""; do
  tries=$((tries + 1))
  if [ "$tries" -gt 300 ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "screenshot_window: no window called '$title'" >&2
    wait "$pid"
    exit 3
  fi
  sleep 0.3
done
sleep 2
import -window root "$out"
wait "$pid"

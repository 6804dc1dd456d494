#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test command against a real, unlocked gnome-keyring in its own
# private D-Bus session and private HOME/XDG dirs, so it never touches the
# keyring of the person running the tests.
#   run-with-keyring.sh CMD [ARGS…]
# The private directory is exported as SPARK_TEST_KEYRING_DIR.
# Without dbus-run-session, gnome-keyring-daemon or gdbus the test is skipped
# (exit 77; with --tap among the arguments, a TAP plan "1..0 # SKIP" and
# exit 0, since meson counts a non-zero exit of a TAP test as an error).

set -u

skip ()
{
  for arg in "$@"; do
    if [ "$arg" = "--tap" ]; then
      echo "1..0 # SKIP $reason"
      exit 0
    fi
  done
  echo "SKIP: $reason" >&2
  exit 77
}

if [ "${1-}" != "--in-session" ]; then
  dbus_run_session=${DBUS_RUN_SESSION:-dbus-run-session}
  if ! command -v "$dbus_run_session" >/dev/null 2>&1; then
    reason="dbus-run-session is not installed"
    skip "$@"
  fi
  if ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
    reason="gnome-keyring-daemon is not installed"
    skip "$@"
  fi
  if ! command -v gdbus >/dev/null 2>&1; then
    reason="gdbus (libglib2.0-bin) is not installed"
    skip "$@"
  fi
  exec "$dbus_run_session" -- sh "$0" --in-session "$@"
fi
shift

dir=$(mktemp -d "${TMPDIR:-/tmp}/spark-keyring.XXXXXX") || exit 1
export SPARK_TEST_KEYRING_DIR="$dir"
export HOME="$dir/home"
export XDG_DATA_HOME="$dir/data"
export XDG_CONFIG_HOME="$dir/config"
export XDG_CACHE_HOME="$dir/cache"
export XDG_RUNTIME_DIR="$dir/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# An empty password makes gnome-keyring ask for one through a prompter
# (which fails without a display) instead of creating the "login"
# collection; any non-empty one creates it unlocked and sets it as default.
# --foreground in the background (rather than --daemonize) gives us its pid.
printf '%s' 'spark-test-keyring' |
  gnome-keyring-daemon --foreground --unlock --components=secrets >"$dir/daemon.log" 2>&1 &
daemon=$!

cleanup ()
{
  kill "$daemon" 2>/dev/null
  wait "$daemon" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Wait until the daemon owns the name (gdbus wait does not start it by
# D-Bus activation, which would bring up a second daemon with a locked
# keyring), then until the default alias points at a collection.
ready=no
if gdbus wait --session --timeout 10 org.freedesktop.secrets; then
  i=0
  while [ $i -lt 50 ]; do
    alias=$(gdbus call --session --dest org.freedesktop.secrets \
              --object-path /org/freedesktop/secrets \
              --method org.freedesktop.Secret.Service.ReadAlias default 2>/dev/null)
    case "$alias" in
      *"/collection/"*) ready=yes; break ;;
    esac
    sleep 0.1
    i=$((i + 1))
  done
fi

if [ "$ready" != yes ]; then
  echo "gnome-keyring-daemon did not come up; its log:" >&2
  cat "$dir/daemon.log" >&2
  exit 1
fi

"$@"

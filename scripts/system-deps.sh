#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, where they are missing and we may install:
# chromium (browser tests with axe-core) and gettext (the catalog check runs xgettext).
set -u
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v xgettext >/dev/null 2>&1 || need+=(gettext)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} from Debian's packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Missing ${need[*]}: install them with your package manager (e.g. sudo apt-get install ${need[*]})." >&2
  exit 1
fi

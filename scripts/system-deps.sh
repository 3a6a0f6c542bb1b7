#!/usr/bin/env bash
# Installs the Debian packages the site and its tests need, where they are missing and we may
# install: chromium (browser tests with axe-core), gettext (the catalog check runs xgettext),
# ffmpeg (every clip, synthetic speech included, is trimmed, loudness-normalised and encoded as Opus
# and MP3: pages/audio_processing.py). The synthesiser itself is espeak-ng 1.52 from PyPI's
# espeakng-loader (pages/espeak.py); Debian's espeak-ng and sox are only used by the tests, to make
# test clips.
# `system-deps.sh speech` (what `make run` uses) installs only ffmpeg and never fails:
# without them the site runs and says that synthetic speech is unavailable.
set -u
only_speech=false
[ "${1:-}" = "speech" ] && only_speech=true
need=()
if ! $only_speech; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v xgettext >/dev/null 2>&1 || need+=(gettext)
  # The tests make clips with them (tests/test_audio_processing.py); the site does not use them.
  command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
  command -v sox >/dev/null 2>&1 || need+=(sox)
fi
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} from Debian's packages…"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
    $only_speech && { echo "Could not install ${need[*]}: no synthetic speech (manage.py check warns)." >&2; exit 0; }
    exit 1
  fi
else
  if $only_speech; then
    echo "Without ${need[*]} the site makes no synthetic speech (install them: sudo apt-get install ${need[*]})." >&2
    exit 0
  fi
  echo "Missing ${need[*]}: install them with your package manager (e.g. sudo apt-get install ${need[*]})." >&2
  echo "Without ffmpeg the site runs, but makes no synthetic speech (manage.py check warns)." >&2
  exit 1
fi

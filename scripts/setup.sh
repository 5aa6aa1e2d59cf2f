#!/usr/bin/env bash
# Sets up raporty on a fresh machine: the Polish dictionary (Morfologik, from Debian's
# libmorfologik-stemming2-java unless RAPORTY_DICT points at a polish.dict or jar), the npm
# packages (better-sqlite3 compiles from source, about 90 s), then the build: TypeScript and the
# compiled lexical resources under resources/.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=/usr/share/java/morfologik-polish.jar
if [ -z "${RAPORTY_DICT:-}" ] && [ ! -f "$jar" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "setup: installing libmorfologik-stemming2-java (the Polish dictionary)" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libmorfologik-stemming2-java >/dev/null
  else
    echo "setup: $jar not found and no apt-get here; install Morfologik's Polish dictionary" \
      "and set RAPORTY_DICT to its polish.dict or morfologik-polish.jar" >&2
    exit 1
  fi
fi

if [ -f package-lock.json ]; then npm ci; else npm install; fi

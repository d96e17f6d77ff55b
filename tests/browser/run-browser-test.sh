#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the browser tests: installs the npm packages pinned by package-lock.json (npm ci, into
# WORK_DIR in the build tree, again only when the lock file changed), then runs the tests with
# Node's test runner against Debian's Chromium. A missing node or chromium fails the test: it
# is never skipped.
# Usage: run-browser-test.sh WORK_DIR [TEST.test.mjs ...]   (no test named: every one)
set -eu
src=$(cd "$(dirname "$0")" && pwd)
work=$1
shift

command -v node >/dev/null 2>&1 || { echo "node is not installed" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "npm is not installed" >&2; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] ||
  { echo "${CHROMIUM:-/usr/bin/chromium} is missing (Debian package chromium)" >&2; exit 1; }

mkdir -p "$work"
cp "$src/package.json" "$src/package-lock.json" "$src"/*.mjs "$work/"
cd "$work"
if ! cmp -s package-lock.json node_modules/.installed-lock.json 2>/dev/null; then
  # No install scripts: puppeteer-core downloads nothing, and nothing else may.
  npm ci --no-audit --no-fund --ignore-scripts >&2
  cp package-lock.json node_modules/.installed-lock.json
fi
[ $# -gt 0 ] || set -- ./*.test.mjs
exec node --test "$@"

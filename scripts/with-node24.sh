#!/usr/bin/env bash
# Runs a command with Node 24 (the action's runtime) first on PATH. The binary comes from the npm registry's
# `node@24` package, installed once into .cache/node24 (kept out of devDependencies: a `node` bin there would
# shadow Node 20 in every npm script).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=.cache/node24
if [ ! -x "$prefix/node_modules/.bin/node" ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error node@24 >/dev/null
fi
export PATH="$PWD/$prefix/node_modules/.bin:$PATH"
echo "node $(node --version)" >&2
exec "$@"

#!/usr/bin/env bash
# Proves @teddy-logs/logger as a team installing it gets it: `npm pack` (which runs `prepare`, so the build starts
# from the sources), the tarball installed into a fresh project (pino from the npm registry or npm's cache), then
# - the ESM and the CommonJS entry run with the key in a file (CHILD_ID_KEY_FILE), and their lines asserted: the planted
#   e-mail redacted, the child id hashed exactly as the pipeline's redactor hashes it; both loaded at once share the
#   correlation id;
# - a bad LOG_LEVEL: the app runs on at INFO, one warning line on stderr;
# - `tsc --noEmit` on a consumer's code under `module: nodenext` (.mts and .cts) and `moduleResolution: bundler`, both
#   with strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes and skipLibCheck off; then again with middy,
#   Express, Fastify and the Lambda types installed beside it;
# - the installed footprint against the targets (≤ 15 packages, ≤ 5 MB).
# `--footprint-json FILE` also writes the footprint as JSON (bench/loggerFootprint.ts reads it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
FIXTURES="$ROOT/packages/logger/consumer-check"
TSC="$ROOT/node_modules/.bin/tsc"
MAX_PACKAGES=15
MAX_BYTES=$((5 * 1000 * 1000))

footprint_json=""
if [ "${1:-}" = "--footprint-json" ]; then footprint_json=$2; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== pack @teddy-logs/logger"
tarball=$(cd packages/logger && npm pack --silent --pack-destination "$work" | tail -n 1)
tar -tzf "$work/$tarball" | sort | sed 's/^/  /'
if tar -tzf "$work/$tarball" | grep -E '\.[cm]?ts$' | grep -Ev '\.d\.[cm]?ts$' | grep -q .; then
  echo "FAIL: the tarball ships TypeScript sources" >&2
  exit 1
fi

echo "== install the tarball into a fresh project"
app="$work/app"
mkdir "$app"
printf '{ "name": "consumer", "version": "1.0.0", "private": true }\n' >"$app/package.json"
(cd "$app" && npm install --no-audit --no-fund --prefer-offline --loglevel=error "$work/$tarball" >/dev/null)
packages=$(cd "$app" && npm ls --all --parseable 2>/dev/null | tail -n +2 | wc -l | tr -d ' ')
# On disk: the blocks the files take (`du -k`), as the issue measured pino's 2.7 MB; apparent: the files' own sizes.
bytes=$(($(du -sk "$app/node_modules" | cut -f1) * 1024))
apparent_bytes=$(du -sb "$app/node_modules" | cut -f1)
echo "footprint: $packages packages, $bytes bytes on disk ($apparent_bytes bytes of files)"
if [ -n "$footprint_json" ]; then
  printf '{ "packages": %s, "bytes": %s, "apparentBytes": %s }\n' "$packages" "$bytes" "$apparent_bytes" \
    >"$footprint_json"
fi

echo "== run the ESM and the CommonJS entry"
cp "$FIXTURES/esm.mjs" "$FIXTURES/cjs.cjs" "$app/"
secret="consumer-check-secret-$(date +%s%N)"
printf '%s\n' "$secret" >"$work/child-id.key"
run_app() {
  (cd "$app" && env -i PATH="$PATH" SERVICE_NAME=consumer-check CHILD_ID_KEY_FILE="$work/child-id.key" "$@")
}
run_app node esm.mjs >"$work/esm.out" 2>"$work/esm.err"
run_app node cjs.cjs >"$work/cjs.out" 2>"$work/cjs.err"
if [ -s "$work/esm.err" ] || [ -s "$work/cjs.err" ]; then
  echo "FAIL: unexpected stderr:" >&2
  cat "$work/esm.err" "$work/cjs.err" >&2
  exit 1
fi
# The pipeline's own hash of the planted child id, from the repository's redactor.
expected_hash=$(SECRET="$secret" node --import tsx -e "
  const { createRedactor } = require('./shared/pipeline/redact/index.ts');
  process.stdout.write(createRedactor({ key: { version: 'v1', secret: process.env.SECRET } }).hashChildId('child-42'));
")
node "$FIXTURES/expect-lines.mjs" "$expected_hash" "$work/esm.out" "$work/cjs.out"

echo "== ESM and CommonJS loaded together share the correlation id"
cp "$FIXTURES/dual.mjs" "$app/"
seen=$(run_app node dual.mjs)
if [ "$seen" != '{"seenByCommonJs":"dual-1"}' ]; then
  echo "FAIL: the CommonJS build did not see the ESM build's correlation id: $seen" >&2
  exit 1
fi
echo "ok: $seen"

echo "== a bad LOG_LEVEL warns and the app runs on at INFO"
run_app LOG_LEVEL=LOUD node esm.mjs >"$work/loud.out" 2>"$work/loud.err"
if [ "$(wc -l <"$work/loud.err")" != 1 ] || ! grep -q 'LOG_LEVEL=LOUD is not a' "$work/loud.err" ||
  ! grep -q '"level":"INFO"' "$work/loud.out"; then
  echo "FAIL: expected one warning line and the INFO line; stderr:" >&2
  cat "$work/loud.err" >&2
  exit 1
fi
echo "ok: $(cat "$work/loud.err")"

echo "== tsc --noEmit as a consumer (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes)"
cp "$FIXTURES/api.ts" "$app/api.ts"
cp "$FIXTURES/api.ts" "$app/api.mts"
cp "$FIXTURES/api.ts" "$app/api.cts"
strict='"strict": true, "noUncheckedIndexedAccess": true, "exactOptionalPropertyTypes": true, "skipLibCheck": false,
  "noEmit": true, "target": "es2022", "lib": ["es2022"], "types": []'
printf '{ "compilerOptions": { "module": "nodenext", "moduleResolution": "nodenext", %s }, "files": ["api.mts", "api.cts"] }\n' \
  "$strict" >"$app/tsconfig.nodenext.json"
printf '{ "compilerOptions": { "module": "esnext", "moduleResolution": "bundler", %s }, "files": ["api.ts"] }\n' \
  "$strict" >"$app/tsconfig.bundler.json"
for config in nodenext bundler; do
  (cd "$app" && "$TSC" -p "tsconfig.$config.json")
  echo "ok: no type errors under $config"
done

echo "== tsc --noEmit with middy, Express, Fastify and the Lambda types installed beside it (same settings)"
# After the footprint was measured: these are the app's own dependencies, at the versions this repository tests with.
locked() { node -p "require('$ROOT/package-lock.json').packages['node_modules/$1'].version"; }
(cd "$app" && npm install --no-save --no-audit --no-fund --prefer-offline --loglevel=error \
  "@middy/core@$(locked @middy/core)" "express@$(locked express)" "@types/express@$(locked @types/express)" \
  "fastify@$(locked fastify)" "@types/aws-lambda@$(locked @types/aws-lambda)" >/dev/null)
cp "$FIXTURES/frameworks.mts" "$app/"
printf '{ "compilerOptions": { "module": "nodenext", "moduleResolution": "nodenext", %s }, "files": ["frameworks.mts"] }\n' \
  "$strict" >"$app/tsconfig.frameworks.json"
(cd "$app" && "$TSC" -p tsconfig.frameworks.json)
echo "ok: no type errors with the frameworks"

echo "== footprint targets"
if [ "$packages" -gt "$MAX_PACKAGES" ] || [ "$bytes" -gt "$MAX_BYTES" ]; then
  echo "FAIL: $packages packages / $bytes bytes installed; the targets are ≤ $MAX_PACKAGES and ≤ $MAX_BYTES" >&2
  exit 1
fi
echo "ok: $packages packages ≤ $MAX_PACKAGES, $bytes bytes on disk ≤ $MAX_BYTES"
echo "logger consumer check: ok"

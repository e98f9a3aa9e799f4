#!/usr/bin/env bash
# `npm test`: every check and every test, against the real services. Installs and starts what it needs (moto in a
# Python venv, an OpenSearch node from Maven Central) on first use; later runs reuse the installs. Stops only the
# services it started itself.
set -euo pipefail
cd "$(dirname "$0")/.."

started_services=0
cleanup() {
  if [ "$started_services" = 1 ]; then bash scripts/services.sh down || true; fi
}
trap cleanup EXIT

if ! bash scripts/services.sh status >/dev/null 2>&1; then
  started_services=1
fi
bash scripts/services.sh up

echo "== typecheck"
npx tsc --noEmit
echo "== lint and format (biome)"
npx biome ci .
echo "== build"
npm run --silent build
if [ -f scripts/cfn-check.sh ]; then
  echo "== serverless package + cfn-lint + checkov"
  TEDDY_LOGS_PREBUILT=1 bash scripts/cfn-check.sh   # dist/ was built just above
fi

echo "== jest"
report=$(mktemp --suffix=.json)
status=0
npx jest --ci --json --outputFile="$report" "$@" || status=$?
node -e '
  const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  console.log(`suites: ${r.numPassedTestSuites} passed, ${r.numFailedTestSuites} failed`);
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' "$report"
rm -f "$report"

echo "== @teddy-logs/logger as a consumer installs it (npm pack, fresh project, ESM, CJS, tsc, footprint)"
bash scripts/logger-consumer-check.sh || status=1

if [ -f bench/run.ts ]; then
  echo "== benchmark smoke run (npm run bench -- --quick)"
  npm run --silent bench -- --quick
fi
exit "$status"

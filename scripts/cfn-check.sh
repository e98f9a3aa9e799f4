#!/usr/bin/env bash
# Packages the stack offline for dev and prod (`sls package` into .serverless/, no login, no AWS account) and checks the generated
# CloudFormation with cfn-lint and checkov. A finding fails the run unless scripts/cfn-suppressions.txt lists that
# exact check on that exact resource, with its reason. Installs the two pinned checkers into .services/cfn-venv
# from PyPI the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

CFN_LINT_VERSION=1.58.0
CHECKOV_VERSION=3.3.30
VENV=.services/cfn-venv
SUPPRESSIONS=scripts/cfn-suppressions.txt

if ! "$VENV/bin/cfn-lint" --version 2>/dev/null | grep -q "$CFN_LINT_VERSION" \
  || ! "$VENV/bin/checkov" --version 2>/dev/null | grep -q "$CHECKOV_VERSION"; then
  echo "cfn-check: installing cfn-lint $CFN_LINT_VERSION and checkov $CHECKOV_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION" "checkov==$CHECKOV_VERSION"
fi

# The functions are packaged from dist/: build once here (unless the caller says it just built, TEDDY_LOGS_PREBUILT=1),
# and tell the build plugin (scripts/buildBeforePackage.cjs) that both stages may package this build.
if [ "${TEDDY_LOGS_PREBUILT:-}" != 1 ]; then npm run --silent build > /dev/null; fi
export TEDDY_LOGS_PREBUILT=1

# `sls package` calls no AWS API, but the SDK it loads insists that credentials exist: give it fake ones, so the
# run is offline and can never touch a real account by accident.
export AWS_ACCESS_KEY_ID=AKIAFAKEPACKAGEONLY00 AWS_SECRET_ACCESS_KEY=fake-package-only
unset AWS_SESSION_TOKEN AWS_PROFILE
export SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off
# The guide's variables set the stack (serverless.yml params); this checks the defaults, whatever the shell exports
# for the CLI (OPENSEARCH_URL of a local node would otherwise fail the packaging, as it should for a deploy).
unset LOG_LEVEL CLOUDWATCH_LOG_GROUP CLOUDWATCH_LOG_GROUP_PREFIXES CLOUDWATCH_RETENTION_DAYS LOG_RETENTION_DAYS \
  LOG_ARCHIVE_DAYS OPENSEARCH_INDEX ELASTICSEARCH_INDEX OPENSEARCH_URL OPENSEARCH_ENDPOINT ELASTICSEARCH_HOSTS \
  OPENSEARCH_DOMAIN_ARN CHILD_ID_KEY_PARAMETER DROP_FILTER_PATTERNS

status=0
for stage in dev prod; do
  # Packaged into .serverless/ (the framework's own folder; it empties it on every run), then the template and the
  # reports are kept per stage under .services/cfn-check/<stage>/.
  out=".services/cfn-check/$stage"
  rm -rf "$out" && mkdir -p "$out"
  log=$(mktemp)
  echo "cfn-check: sls package --stage $stage"
  npx sls package --stage "$stage" > "$log" 2>&1 || { cat "$log"; rm -f "$log"; exit 1; }
  rm -f "$log"
  template="$out/cloudformation-template-update-stack.json"
  cp .serverless/cloudformation-template-update-stack.json "$template"
  "$VENV/bin/cfn-lint" --format json "$template" > "$out/cfn-lint.json" || true
  "$VENV/bin/checkov" --quiet --compact --skip-download --framework cloudformation --output json \
    --file "$template" > "$out/checkov.json" 2> "$out/checkov.log" || true
  node - "$SUPPRESSIONS" "$out/cfn-lint.json" "$out/checkov.json" "$stage" <<'NODE' || status=1
const { readFileSync } = require('node:fs');
const [suppressionsPath, lintPath, checkovPath, stage] = process.argv.slice(2);

// "<tool> <check> <LogicalResourceId> <reason...>" per line; '#' starts a comment.
const suppressions = readFileSync(suppressionsPath, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const [tool, check, resource, ...reason] = line.split(/\s+/);
    if (!reason.length) throw new Error(`suppression without a reason: ${line}`);
    return { tool, check, resource, reason: reason.join(' '), used: false };
  });

const findings = [];
for (const item of JSON.parse(readFileSync(lintPath, 'utf8') || '[]')) {
  const path = item.Location?.Path ?? [];
  findings.push({
    tool: 'cfn-lint',
    check: item.Rule.Id,
    resource: path[0] === 'Resources' ? path[1] : path.join('/'),
    text: `${item.Level} ${item.Message}`,
  });
}
const checkov = JSON.parse(readFileSync(checkovPath, 'utf8') || '{}');
for (const report of Array.isArray(checkov) ? checkov : [checkov]) {
  for (const failed of report.results?.failed_checks ?? []) {
    findings.push({
      tool: 'checkov',
      check: failed.check_id,
      resource: String(failed.resource).split('.').pop(),
      text: failed.check_name,
    });
  }
}
if (!Array.isArray(checkov) && !checkov.results && !checkov.summary) {
  console.error(`cfn-check: checkov produced no report for ${stage} (see .services/cfn-check/${stage}/checkov.log)`);
  process.exit(1);
}

const open = findings.filter((finding) => {
  const match = suppressions.find(
    (s) => s.tool === finding.tool && s.check === finding.check && s.resource === finding.resource,
  );
  if (match) match.used = true;
  return !match;
});
for (const finding of open) console.error(`cfn-check [${stage}] ${finding.tool} ${finding.check} ${finding.resource}: ${finding.text}`);
const suppressed = findings.length - open.length;
console.log(`cfn-check [${stage}]: ${findings.length} findings, ${suppressed} suppressed with a reason, ${open.length} open`);
process.exit(open.length ? 1 : 0);
NODE
done
exit "$status"

#!/usr/bin/env bash
# The GitHub Action's run step (action.yml): builds the lambda-lint command line from the action's
# inputs, writes the requested reports and passes lambda-lint's exit code on. Tested in
# packages/cli/test/ci-integrations.test.ts.
set -uo pipefail

args=()
read -r -a paths <<<"${INPUT_PATHS:-.}"
args+=("${paths[@]}" --fail-on "${INPUT_FAIL_ON:-error}")
# One report may go to the log: annotations (the github format) or the console report.
if [ "${INPUT_ANNOTATIONS:-true}" = "true" ]; then args+=(--format github); else args+=(--format stylish); fi
if [ -n "${INPUT_SARIF_FILE:-}" ]; then args+=(--format sarif --output "$INPUT_SARIF_FILE"); fi
read -r -a extra <<<"${INPUT_FORMATS:-}"
for pair in "${extra[@]}"; do
  case "$pair" in
    *=?*) args+=(--format "${pair%%=*}" --output "${pair#*=}") ;;
    *) echo "::error title=lambda-lint action::formats entry \"$pair\" is not format=file" >&2; exit 2 ;;
  esac
done

"${LAMBDA_LINT:-lambda-lint}" "${args[@]}"
code=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "sarif-file=${INPUT_SARIF_FILE:-}" >>"$GITHUB_OUTPUT"
  echo "exit-code=$code" >>"$GITHUB_OUTPUT"
fi
exit "$code"

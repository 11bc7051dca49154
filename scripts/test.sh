#!/usr/bin/env bash
# Run the tests: scripts/test.sh [PYTEST ARGS...], after setting up .venv on first use (see
# scripts/bootstrap.sh). Exits non-zero when a test fails or when no test was collected.
# Examples: scripts/test.sh tests/sim    scripts/test.sh -m "not render"    scripts/test.sh -x
set -euo pipefail
PN_NAME="scripts/test.sh"
# shellcheck source=bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
pn_bootstrap
cd "$PN_ROOT"
status=0
"$PN_VENV/bin/python" -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  pn_say "pytest collected no tests; that counts as a failure"
  exit 1
fi
exit "$status"

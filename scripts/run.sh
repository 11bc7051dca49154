#!/usr/bin/env bash
# Run Pins & Needles: scripts/run.sh [ARGS...] is `pins-and-needles ARGS...`, after setting up
# .venv on first use (see scripts/bootstrap.sh). Examples:
#   scripts/run.sh                                                  # window
#   scripts/run.sh --offscreen --frames 300 --screenshot shot.png   # no display needed
#   scripts/run.sh bench                                            # benchmark
set -euo pipefail
PN_NAME="scripts/run.sh"
# shellcheck source=bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
pn_bootstrap
exec "$PN_VENV/bin/pins-and-needles" "$@"

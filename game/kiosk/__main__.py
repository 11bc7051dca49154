"""``python -m game.kiosk [ARGS]`` runs the kiosk; ``python -m game.kiosk stats [ARGS]`` the counts."""

import sys

from game.kiosk.cli import kiosk_main, stats_main

if __name__ == "__main__":
    argv = sys.argv[1:]
    if argv[:1] == ["stats"]:
        sys.exit(stats_main(argv[1:]))
    sys.exit(kiosk_main(argv[1:] if argv[:1] == ["kiosk"] else argv))

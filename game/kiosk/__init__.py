"""The museum kiosk mode: attract loop, idle reset, lock-down, operator panel, usage counts,
supervision (issue 6). ``game.kiosk.cli`` holds the entry points; ``python -m game.kiosk``
runs them until ``pins-and-needles kiosk`` / ``stats`` are wired in ``game/cli.py``.
"""

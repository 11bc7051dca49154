"""The three ways in (title screen, story, lessons) and the kiosk's real story, on top of the
app's nerve scene (``game.app``), reached only through ``game.modes.session_adapter``."""

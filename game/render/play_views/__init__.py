"""Views of the gameplay layer (``game.play``): title screen, legs inset, story overlay,
quiz panel. Each builds under its own root and removes it in ``cleanup()``."""

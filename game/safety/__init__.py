"""Visitor safety checks that need neither Panda3D nor the simulation (flash analysis)."""

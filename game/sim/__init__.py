"""The physiology: pure numpy + numba, no Panda3D. It can run, be tested and be benchmarked
with no window. The game side owns the thread that runs it (``game.play.sim_thread``).
"""

"""Na+ and K+ ions and Na+/K+ pumps at the nodes of Ranvier, drawn from the simulation.

- ``sites``: membrane sites (position, axis, radius; the snapshot class and site each reads)
  and the per-site snapshot values of a frame;
- ``particles``: numba kernels that move the particles by the simulated currents and
  concentrations (``IonField``);
- ``ion_cloud`` and ``legend``: their rendering (shape and colour per species) and labels;
- ``pumps``: rotors whose turnover follows the pump rate;
- ``view``: the three wired to a ``NerveSnapshot`` each frame (``IonsView``);
- ``membrane``, ``demo``, ``colour_masks``: for the demo and the tests.

``python -m game.render.ions --screenshot out.png`` renders a demo.
"""

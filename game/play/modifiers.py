"""Chapter 7's modifiers: how a person's nerve differs, applied to a simulated ``Nerve``.

The documented override (the Nerve has no constructor hook for these yet): after the nerve
is built, each probe fibre's per-site metabolic arrays are scaled in place, before any time
has run. ``energy_use_scale`` scales ``energy_use_mM_per_s`` (thinner fibres: more membrane
per volume to keep in balance); ``pump_capacity_scale`` scales ``pump_max_nA`` (diabetic
neuropathy: less Na+/K+-ATPase); ``blood_clearance_scale`` scales ``k_clear_blood_per_s``
(microangiopathy: slower clearance of K+ by the vasa nervorum). ``pressure_mmHg`` replaces
the pressure the crossed legs put on the nerve (less padding: more pressure).
"""

from game.play.lessons import Modifier
from game.sim.nerve import Nerve


def apply_modifier(nerve: Nerve, modifier: Modifier) -> None:
    """Scale ``nerve``'s metabolic arrays in place, as the module docstring says."""
    if nerve.physiological_s or nerve.electrical_ms:
        raise ValueError("apply_modifier: expected a nerve that has not run yet")
    for fibre in nerve.fibres.values():
        m = fibre.metabolism
        m.energy_use_mM_per_s *= modifier.energy_use_scale
        m.pump_max_nA *= modifier.pump_capacity_scale
        m.k_clear_blood_per_s *= modifier.blood_clearance_scale

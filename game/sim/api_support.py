"""Measurements shared by the API and the protocol."""

from game.sim.fibre_classes import FibreClass


def baseline_velocity_m_per_s(cls: FibreClass) -> float:
    """Conduction velocity of the class's representative fibre at rest, 37 degC."""
    from game.sim.api import (
        Stimulus,
        conduction_velocity,
        myelinated_fiber,
        simulate,
        unmyelinated_fiber,
    )

    d = cls.representative_diameter_um
    if cls.myelinated:
        spec = myelinated_fiber(d, 21)
        stim = Stimulus(node=0, start_ms=0.1, duration_ms=0.1, amplitude_nA=2.0 * max(1.0, d / 10))
        duration = 3.0
    else:
        spec = unmyelinated_fiber(d, 5000.0)
        stim = Stimulus(node=0, start_ms=0.2, duration_ms=0.5, amplitude_nA=1.0 * d)
        duration = 12.0
    return conduction_velocity(simulate(spec, duration, 0.005, [stim]))

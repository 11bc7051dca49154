"""Blood flow inside a compressed nerve from the pressure on it.

Rydevik, Lundborg & Bagge 1981 (J Hand Surg 6:3; rabbit tibial nerve, vital microscopy):
venular flow impaired at 20-30 mmHg, arteriolar and capillary flow at 40-50 mmHg, no flow at
60-80 mmHg. The curve's points live in the science profile; this interpolates them.
"""

import numpy as np


def perfusion_fraction(pressure_mmHg: float, curve_mmHg: np.ndarray, curve_flow: np.ndarray) -> float:
    """Flow as a fraction of normal (0-1) at ``pressure_mmHg``, linear between the points."""
    if not np.isfinite(pressure_mmHg) or pressure_mmHg < 0:
        raise ValueError(f"pressure_mmHg={pressure_mmHg}: expected a finite value >= 0")
    return float(np.interp(pressure_mmHg, curve_mmHg, curve_flow))

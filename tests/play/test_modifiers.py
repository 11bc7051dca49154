"""Chapter 7's modifiers change the simulated nerve (the documented override)."""

import numpy as np
import pytest

from game.play.lessons import load_all_chapters
from game.play.modifiers import apply_modifier
from game.sim.nerve import Nerve


def test_the_diabetic_modifier_scales_energy_use_pumps_and_blood_clearance():
    chapter = load_all_chapters()[0][6]
    diabetic = chapter.modifier("diabetic")
    plain, changed = Nerve(), Nerve()
    apply_modifier(changed, diabetic)
    for name in plain.fibres:
        a, b = plain.fibres[name].metabolism, changed.fibres[name].metabolism
        np.testing.assert_allclose(b.energy_use_mM_per_s, a.energy_use_mM_per_s * 1.1)
        np.testing.assert_allclose(b.pump_max_nA, a.pump_max_nA * 0.85)
        np.testing.assert_allclose(b.k_clear_blood_per_s, a.k_clear_blood_per_s * 0.5)
    assert chapter.modifier("less_padding").pressure_mmHg == 100.0


def test_a_nerve_that_already_ran_is_refused():
    nerve = Nerve()
    nerve.advance(play_s=0.1)
    with pytest.raises(ValueError, match="not run yet"):
        apply_modifier(nerve, load_all_chapters()[0][6].modifier("thin_nerve"))

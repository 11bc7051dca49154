"""Na+ and K+ particles around membrane sites: a view of the simulated currents and
concentrations (DESIGN.md: "ion particles are a view of the simulation, not decoration").

Each particle belongs to one site for life and lives in that site's frame (u, v across the
axis, w along it): inside the membrane (radius R) or outside it, in a shell out to
``outer_radius_fraction`` R (by default R*sqrt(2): the inside's volume, so density stands for
concentration). In the nerve world the outside reaches past the myelin into the space
between the fibres and the ions keep off the myelin (``sheath_radius_fraction``), so they fill
the space around each node; the counts on each side still follow the concentrations as if
the two volumes were equal. Crossings happen at the bare node. Every frame:

* it diffuses (a random walk) and is reflected by the membrane, the shell's outer wall and
  the ends of the site's stretch; a particle that just crossed drifts away from the membrane
  for a moment (a visible "rush");
* channel flux crosses the membrane at the rate of the site's currents: the charge carried in
  this frame's electrical time (nA x ms = pC) times ``particles_per_pC`` (Na+ in during the
  upstroke, K+ out during repolarisation);
* each pump cycle takes 3 Na+ out and 2 K+ in, at the pumps' positions, ``pump_rate`` x
  ``pump_cycles_per_s`` cycles a second of play (none when the rate is 0);
* a passive leak balances the pump at its current rate and pulls each site's inside count
  toward the share its concentrations give (``sites.inside_fractions``) with time constant
  ``relax_s``: the counts follow the simulated concentrations (Na+ piles up inside when the
  pumps fail), the fluxes follow the simulated currents.

Kernels are numba ``@njit(**game.sim.jit.KERNEL_FLAGS)`` on raw arrays (cached, GIL
released: in the explore experience they run on their own thread beside the draw, see
``game.render.ions.view``), one call a frame (``step_field``), and call only functions of
this module, so numba's per-file cache never runs stale code. Random numbers
come from a splitmix64 stream held in the field, so a seed gives the same run every time.
"""

import math
from dataclasses import dataclass

import numpy as np

from game.render.ions.sites import IonSites, SiteReadings, inside_fractions, site_frames
from game.sim.ions import K_IN_MM, NA_IN_MM, NA_OUT_MM
from game.sim.jit import KERNEL_FLAGS, njit

NA, K = 0, 1
SPECIES = ("Na+", "K+")
#: Transfer modes, the columns of the per-site move tables.
CHANNEL, PUMP, LEAK = 0, 1, 2
#: Columns of the vertex rows the renderer uploads: x, y, z (um), fade (0-1: shrinks a
#: particle near the edges of its cloud), glow (1 just after crossing, decaying to 0).
VERTEX_COLUMNS = 5
#: Na+ out and K+ in per pump cycle (the Na+/K+-ATPase stoichiometry).
PUMP_NA_OUT, PUMP_K_IN = 3, 2
#: The site radius the default settings are tuned for.
REFERENCE_RADIUS_UM = 3.0


@dataclass(frozen=True)
class IonFieldSettings:
    """How many particles and how they move; rates are per second of play."""

    #: Particles of each species over all sites (100k in all on a GPU).
    n_per_species: int = 20_000
    seed: int = 1
    diffusion_um2_per_s: float = 3.0
    #: Membrane thickness relative to the site radius (particles stay off it).
    membrane_fraction: float = 0.08
    #: Particles that cross per pC of charge (nA x ms); None: 2% of a site's particles per
    #: pC, so a node's spike (a few pC) visibly fills it with Na+.
    particles_per_pC: float | None = None
    #: Most of a site's particles that may cross through channels in one frame: in real
    #: time (1 electrical ms per ms) a frame spans whole spike trains, and the view must
    #: stay a view rather than a blizzard. The slow-motion default never comes near it.
    max_channel_fraction_per_frame: float = 0.05
    pump_cycles_per_s: float = 3.0
    pumps_per_site: int = 6
    relax_s: float = 1.5
    kick_speed_um_per_s: float = 6.0
    kick_decay_s: float = 0.6
    #: The outside cloud: out to this many site radii from the axis, and this many times
    #: the site's half-length along it (the defaults: a thin shell as long as the inside,
    #: of the inside's volume). The inside/outside *counts* stand for the concentrations
    #: as if both sides had equal volumes; a wider outside spreads its share thinner.
    outer_radius_fraction: float = math.sqrt(2.0)
    outer_length_fraction: float = 1.0
    #: The myelin's outer radius in site radii (the node's drawn radius is half the
    #: fibre's in the nerve world: 2), rising from the node as the anatomy draws it;
    #: outside ions stay off it and cross only at the bare node. 1: no sheath.
    sheath_radius_fraction: float = 1.0

    @classmethod
    def for_site_radius(cls, radius: float, **overrides) -> "IonFieldSettings":
        """The defaults (tuned for sites of radius 3 um) with diffusion and drift scaled to
        sites of ``radius`` (in the scene's units), so the motion looks the same."""
        scale = radius / REFERENCE_RADIUS_UM
        defaults = cls()
        values = {
            "diffusion_um2_per_s": defaults.diffusion_um2_per_s * scale**2,
            "kick_speed_um_per_s": defaults.kick_speed_um_per_s * scale,
        }
        values.update(overrides)
        return cls(**values)


# ---------------------------------------------------------------------------------------
# kernels: every frame is one call of ``step_field`` (both species, all sites), so the
# main thread pays one dispatch and gives up the GIL once, not eight times.


@njit(**KERNEL_FLAGS)
def _random(state):
    """splitmix64: (new state, uniform in [0, 1))."""
    state = state + np.uint64(0x9E3779B97F4A7C15)
    z = state
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return state, float(np.int64(z >> np.uint64(11))) * (1.0 / 9007199254740992.0)


@njit(**KERNEL_FLAGS)
def _random3(state):
    """splitmix64 once: (new state, three uniforms in [0, 1) of 21 bits each), enough for a
    random-walk step at a third of the cost of three draws."""
    state = state + np.uint64(0x9E3779B97F4A7C15)
    z = state
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    mask = np.uint64(0x1FFFFF)
    scale = 1.0 / 2097152.0
    a = float(np.int64(z >> np.uint64(43))) * scale
    b = float(np.int64((z >> np.uint64(22)) & mask)) * scale
    c = float(np.int64((z >> np.uint64(1)) & mask)) * scale
    return state, a, b, c


@njit(**KERNEL_FLAGS)
def outer_floor(w, r, half_m, sheath):
    """Innermost radius of the outside cloud at ``w`` along the axis: just off the membrane
    at the bare node, off the myelin's surface where the sheath has risen (the anatomy's
    profile, game/render/nerve_world/anatomy.py: from 0.3 to 1 fibre radius of the node)."""
    floor = r + half_m
    if sheath > 1.0:
        rf = sheath * r  # the fibre's (myelin's) outer radius
        t = (abs(w) - 0.3 * rf) / (0.7 * rf)
        t = min(1.0, max(0.0, t))
        rise = t * t * (3.0 - 2.0 * t)
        floor = max(floor, r + (rf - r) * rise + half_m)
    return floor


@njit(**KERNEL_FLAGS)
def place_ions(local, inside, site, n_inside, radius_um, half_in_um, half_out_um, r_out_um,
               membrane_fraction, sheath, rng):  # fmt: skip
    """Scatter each site's particles uniformly: ``n_inside[s]`` inside, the rest outside
    (rejection-sampled between the membrane or the myelin and the outer wall).

    ``site`` must be sorted (each site's particles contiguous)."""
    state = rng[0]
    n = len(site)
    first = 0
    while first < n:
        s = site[first]
        last = first
        while last < n and site[last] == s:
            last += 1
        r = radius_um[s]
        half_m = 0.5 * membrane_fraction * r
        r_in, r_out1 = r - half_m, r_out_um[s]
        for j in range(first, last):
            is_in = (j - first) < n_inside[s]
            state, a = _random(state)
            if is_in:
                state, b = _random(state)
                state, c = _random(state)
                rho = r_in * math.sqrt(b)
                w = (2.0 * c - 1.0) * half_in_um[s]
            else:
                for _ in range(64):
                    state, b = _random(state)
                    state, c = _random(state)
                    r0 = r + half_m
                    rho = math.sqrt(r0 * r0 + b * (r_out1 * r_out1 - r0 * r0))
                    w = (2.0 * c - 1.0) * half_out_um[s]
                    if rho >= outer_floor(w, r, half_m, sheath):
                        break
            local[j, 0] = rho * math.cos(2.0 * math.pi * a)
            local[j, 1] = rho * math.sin(2.0 * math.pi * a)
            local[j, 2] = w
            inside[j] = 1 if is_in else 0
        first = last
    rng[0] = state


@njit(**KERNEL_FLAGS)
def _diffuse(local, inside, kick, site, radius_um, half_in_um, half_out_um, r_out_um,
             membrane_fraction, sheath, step_um, kick_step_um, kick_keep, state):  # fmt: skip
    """One random-walk step with reflection at the membrane (or the myelin), the outer wall
    and the ends; a particle with ``kick`` > 0 also drifts away from the membrane (inward
    when inside) by ``kick * kick_step_um``. Returns the random state."""
    half_width = step_um * math.sqrt(3.0)  # a uniform step with the same variance
    for j in range(len(site)):
        s = site[j]
        r = radius_um[s]
        half_m = 0.5 * membrane_fraction * r
        state, a, b, c = _random3(state)
        u = local[j, 0] + (2.0 * a - 1.0) * half_width
        v = local[j, 1] + (2.0 * b - 1.0) * half_width
        w = local[j, 2] + (2.0 * c - 1.0) * half_width
        rho = math.sqrt(u * u + v * v)
        if kick[j] > 0.0:
            push = kick[j] * kick_step_um
            if inside[j] == 1:
                push = -min(push, 0.5 * rho)
            if rho > 1e-9:
                u += u / rho * push
                v += v / rho * push
                rho = math.sqrt(u * u + v * v)
            kick[j] *= kick_keep
            if kick[j] < 0.01:
                kick[j] = 0.0
        h = half_in_um[s] if inside[j] == 1 else half_out_um[s]
        if w > h:
            w = max(2.0 * h - w, -h)
        elif w < -h:
            w = min(-2.0 * h - w, h)
        if inside[j] == 1:
            lo, hi = 0.0, r - half_m
        else:
            lo, hi = outer_floor(w, r, half_m, sheath), r_out_um[s]
        target = rho
        if rho > hi:
            target = max(2.0 * hi - rho, lo)
        elif rho < lo:
            target = min(2.0 * lo - rho, hi)
        if target != rho and rho > 1e-9:
            u *= target / rho
            v *= target / rho
        local[j, 0] = u
        local[j, 1] = v
        local[j, 2] = w
    return state


@njit(**KERNEL_FLAGS)
def sort_into_buckets(site, inside, n_sites, order, starts):
    """Counting sort of particle indices by (site, side): bucket 2*s + inside holds
    ``order[starts[b]:starts[b + 1]]``."""
    counts = np.zeros(2 * n_sites, np.int64)
    for j in range(len(site)):
        counts[2 * site[j] + inside[j]] += 1
    starts[0] = 0
    for b in range(2 * n_sites):
        starts[b + 1] = starts[b] + counts[b]
    fill = starts[:-1].copy()
    for j in range(len(site)):
        b = 2 * site[j] + inside[j]
        order[fill[b]] = j
        fill[b] += 1


@njit(**KERNEL_FLAGS)
def _transfer(local, inside, kick, order, starts, moves_in, moves_out, pump_angle, pump_w_um,
              radius_um, half_in_um, gap_um, membrane_fraction, sheath, state):  # fmt: skip
    """Carry ``moves_in[s, mode]`` particles of site s across the membrane inward and
    ``moves_out[s, mode]`` outward (modes: channel, pump, leak). ``order``/``starts`` come
    from ``sort_into_buckets`` before any move, so no particle crosses twice in a frame.

    Each mover is the nearer to the bare node of two random candidates (so few jump far);
    it reappears just across the membrane at the node (within ``gap_um`` of its centre,
    where the channels are): channel and leak crossings at its own angle, pump crossings
    at one of the site's pumps. Channel and pump crossings start a kick (a drift and a
    glow). Returns the random state."""
    n_sites = len(radius_um)
    n_pumps = pump_angle.shape[1]
    for s in range(n_sites):
        r = radius_um[s]
        half_m = 0.5 * membrane_fraction * r
        gap = gap_um[s]
        for direction in range(2):  # 0: outside -> inside, 1: inside -> outside
            b = 2 * s + (0 if direction == 0 else 1)
            lo, hi = starts[b], starts[b + 1]
            for mode in range(3):
                n_moves = moves_in[s, mode] if direction == 0 else moves_out[s, mode]
                for _ in range(n_moves):
                    if lo >= hi:
                        break
                    state, a = _random(state)
                    state, c = _random(state)
                    i1 = lo + min(int(a * (hi - lo)), hi - lo - 1)
                    i2 = lo + min(int(c * (hi - lo)), hi - lo - 1)
                    j1, j2 = order[i1], order[i2]
                    d1 = abs(math.sqrt(local[j1, 0] ** 2 + local[j1, 1] ** 2) - r)
                    d1 += max(abs(local[j1, 2]) - gap, 0.0)
                    d2 = abs(math.sqrt(local[j2, 0] ** 2 + local[j2, 1] ** 2) - r)
                    d2 += max(abs(local[j2, 2]) - gap, 0.0)
                    pick = i1 if d1 <= d2 else i2
                    j = order[pick]
                    order[pick] = order[lo]
                    order[lo] = j
                    lo += 1
                    state, a = _random(state)
                    state, c = _random(state)
                    depth = half_m + 0.08 * r * a
                    if mode == 1 and n_pumps > 0:
                        k = min(int(c * n_pumps), n_pumps - 1)
                        state, a = _random(state)
                        angle = pump_angle[s, k] + 0.15 * (a - 0.5)
                        w = pump_w_um[s, k] + 0.1 * r * (c - 0.5)
                    else:
                        angle = math.atan2(local[j, 1], local[j, 0])
                        w = local[j, 2]
                        if abs(w) > gap:
                            w = (2.0 * c - 1.0) * gap
                    w = max(-gap, min(gap, w))
                    if direction == 0:
                        rho = r - depth
                    else:
                        rho = outer_floor(w, r, half_m, sheath) + depth - half_m
                    local[j, 0] = rho * math.cos(angle)
                    local[j, 1] = rho * math.sin(angle)
                    local[j, 2] = w
                    inside[j] = 1 if direction == 0 else 0
                    kick[j] = 0.0 if mode == 2 else 1.0
    return state


@njit(**KERNEL_FLAGS)
def _write_vertices(local, inside, kick, site, centre_um, e1, e2, axis, radius_um, half_in_um,
                    half_out_um, r_out_um, site_scale, out):  # fmt: skip
    """World positions plus fade and glow into ``out`` (N, 5) float32, ready to upload; x and
    z times the site's ``site_scale`` (the compressed nerve's narrowing, as its shaders draw
    it)."""
    for j in range(len(site)):
        s = site[j]
        u, v, w = local[j, 0], local[j, 1], local[j, 2]
        for d in range(3):
            out[j, d] = centre_um[s, d] + u * e1[s, d] + v * e2[s, d] + w * axis[s, d]
        out[j, 0] *= site_scale[s]
        out[j, 2] *= site_scale[s]
        if inside[j] == 1:
            h = half_in_um[s]
            fade = min(1.0, (h - abs(w)) / (0.3 * h))
        else:
            h = half_out_um[s]
            fade = min(1.0, (h - abs(w)) / (0.3 * h))
            r_out = r_out_um[s]
            rho = math.sqrt(u * u + v * v)
            fade = min(fade, (r_out - rho) / (0.15 * r_out) + 0.2)
        out[j, 3] = max(0.0, min(1.0, fade))
        out[j, 4] = kick[j]


@njit(**KERNEL_FLAGS)
def _whole(carry, amount):
    """Add ``amount`` to ``carry``; take out and return the whole part (toward zero)."""
    total = carry + amount
    whole = math.trunc(total)
    return int(whole), total - whole


@njit(**KERNEL_FLAGS)
def plan_moves(inside_count, n_per_site, i_na_in_nA, i_k_out_nA, pump_rate, target_inside,
               channel_carry, leak_carry, pump_carry, particles_per_pC, electrical_dt_ms,
               channel_cap, pump_cycles, relax_keep, moves_in, moves_out, crossings):  # fmt: skip
    """Per-site whole crossings for this frame into ``moves_in``/``moves_out`` (2, S, 3),
    within what each side holds, in this order: channels (Na+ in, K+ out, at the charge the
    currents carried: nA x ms = pC), pumps (whole cycles of 3 Na+ out and 2 K+ in, only as
    far as both are on hand; ``pump_cycles`` = cycles a site at rate 1 owes this frame), and
    the leak (puts back what the pump moved and relaxes each inside count toward
    ``target_inside`` by the fraction ``1 - relax_keep``). Updates the counts, the carried
    fractions and the cumulative ``crossings`` (2, 2, S, 3)."""
    for s in range(inside_count.shape[1]):
        inside_left = np.zeros(2)
        outside_left = np.zeros(2)
        for sp in range(2):
            flux = i_na_in_nA[s] if sp == 0 else -i_k_out_nA[s]
            whole, channel_carry[sp, s] = _whole(
                channel_carry[sp, s], flux * electrical_dt_ms * particles_per_pC
            )
            whole = max(-channel_cap, min(channel_cap, whole))
            inside = inside_count[sp, s]
            outside = n_per_site - inside
            moves_in[sp, s, 0] = min(max(whole, 0), outside)
            moves_out[sp, s, 0] = min(max(-whole, 0), inside)
            inside_left[sp] = inside - moves_out[sp, s, 0]
            outside_left[sp] = outside - moves_in[sp, s, 0]
        pump_carry[s] += max(pump_rate[s], 0.0) * pump_cycles
        cycles = math.floor(pump_carry[s])
        cycles = min(cycles, math.floor(inside_left[0] / PUMP_NA_OUT))
        cycles = min(cycles, math.floor(outside_left[1] / PUMP_K_IN))
        cycles = max(cycles, 0.0)
        pump_carry[s] = min(pump_carry[s] - cycles, 1.0)  # a stalled pump owes nothing
        c = int(cycles)
        for sp in range(2):
            moves_in[sp, s, 1] = PUMP_K_IN * c if sp == 1 else 0
            moves_out[sp, s, 1] = PUMP_NA_OUT * c if sp == 0 else 0
        inside_left[0] -= PUMP_NA_OUT * c
        outside_left[1] -= PUMP_K_IN * c
        for sp in range(2):
            relax = (target_inside[sp, s] - inside_count[sp, s]) * (1.0 - relax_keep)
            balance = PUMP_NA_OUT * c if sp == 0 else -PUMP_K_IN * c
            whole, leak_carry[sp, s] = _whole(leak_carry[sp, s], relax + balance)
            moves_in[sp, s, 2] = int(min(max(whole, 0), outside_left[sp]))
            moves_out[sp, s, 2] = int(min(max(-whole, 0), inside_left[sp]))
            for mode in range(3):
                inside_count[sp, s] += moves_in[sp, s, mode] - moves_out[sp, s, mode]
                crossings[sp, 0, s, mode] += moves_in[sp, s, mode]
                crossings[sp, 1, s, mode] += moves_out[sp, s, mode]


@njit(**KERNEL_FLAGS)
def step_field(local, inside, kick, site, order, starts, moves_in, moves_out, pump_angle,
               pump_w_um, centre_um, e1, e2, axis, radius_um, half_in_um, half_out_um,
               r_out_um, gap_um, membrane_fraction, sheath, step_um, kick_step_um, kick_keep,
               rng, site_scale, vertices):  # fmt: skip
    """One frame of both species (arrays stacked (2, ...)): diffuse, carry the planned
    crossings, write the vertex rows."""
    state = rng[0]
    n_sites = len(radius_um)
    for sp in range(2):
        state = _diffuse(local[sp], inside[sp], kick[sp], site, radius_um, half_in_um,
                         half_out_um, r_out_um, membrane_fraction, sheath, step_um,
                         kick_step_um, kick_keep, state)  # fmt: skip
        sort_into_buckets(site, inside[sp], n_sites, order, starts)
        state = _transfer(local[sp], inside[sp], kick[sp], order, starts, moves_in[sp],
                          moves_out[sp], pump_angle, pump_w_um, radius_um, half_in_um, gap_um,
                          membrane_fraction, sheath, state)  # fmt: skip
        _write_vertices(local[sp], inside[sp], kick[sp], site, centre_um, e1, e2, axis,
                        radius_um, half_in_um, half_out_um, r_out_um, site_scale,
                        vertices[sp])  # fmt: skip
    rng[0] = state


@njit(**KERNEL_FLAGS)
def target_fractions(na_in_mM, k_out_mM, k_in_mM, has_k_in, bath_mM, n_per_site, out):
    """``inside_fractions`` (game/render/ions/sites.py) times ``n_per_site`` into ``out``
    (2, S), without numpy temporaries. ``bath_mM``: [Na+]o, resting [K+]i and [Na+]i (passed
    in, not read as globals: numba's cache would keep a stale copy)."""
    for s in range(len(na_in_mM)):
        na_in = max(na_in_mM[s], 0.0)
        k_in = k_in_mM[s] if has_k_in else bath_mM[1] + bath_mM[2] - na_in
        k_in = max(k_in, 1.0)
        k_out = max(k_out_mM[s], 0.0)
        out[0, s] = na_in / (na_in + bath_mM[0]) * n_per_site
        out[1, s] = k_in / (k_in + k_out) * n_per_site


# ---------------------------------------------------------------------------------------
# the field

_BATH_MM = np.array([NA_OUT_MM, K_IN_MM, NA_IN_MM], np.float64)


class IonField:
    """The particles of both species around ``sites``; ``advance`` once per frame, then
    ``vertices[NA]`` / ``vertices[K]`` hold the (N, 5) float32 rows to upload."""

    def __init__(self, sites: IonSites, settings: IonFieldSettings = IonFieldSettings(),
                 readings: SiteReadings | None = None) -> None:  # fmt: skip
        if settings.n_per_species < sites.n_sites:
            raise ValueError(
                f"n_per_species: expected at least one particle per site ({sites.n_sites}), "
                f"got {settings.n_per_species}"
            )
        self.sites, self.settings = sites, settings
        n_sites = sites.n_sites
        self.n_per_site = settings.n_per_species // n_sites
        n = self.n_per_site * n_sites
        self.e1, self.e2 = site_frames(sites.axes)
        self.particles_per_pC = (
            settings.particles_per_pC
            if settings.particles_per_pC is not None
            else 0.02 * self.n_per_site
        )
        radii = sites.radii_um
        #: Each site's cloud: inside reaches ``half_lengths_um`` along the axis; outside,
        #: ``half_out_um`` along it and ``r_out_um`` from it; crossings happen within
        #: ``gap_um`` of the node's centre (the bare membrane between the myelin).
        self.half_out_um = sites.half_lengths_um * settings.outer_length_fraction
        self.r_out_um = radii * settings.outer_radius_fraction
        sheath = settings.sheath_radius_fraction
        self.gap_um = (
            np.minimum(sites.half_lengths_um, 0.5 * sheath * radii)
            if sheath > 1.0
            else sites.half_lengths_um.copy()
        )
        rng = np.random.default_rng(settings.seed)
        self.pump_angle = np.ascontiguousarray(
            np.linspace(0.0, 2.0 * np.pi, settings.pumps_per_site, endpoint=False)[None, :]
            + rng.uniform(0.0, 2.0 * np.pi, (n_sites, 1))
            + rng.uniform(-0.25, 0.25, (n_sites, settings.pumps_per_site))
        )
        self.pump_w_um = np.ascontiguousarray(
            rng.uniform(-0.6, 0.6, (n_sites, settings.pumps_per_site)) * self.gap_um[:, None]
        )
        self._rng = np.array([np.uint64(rng.integers(1, 2**63))], dtype=np.uint64)
        self.site = np.repeat(np.arange(n_sites, dtype=np.int64), self.n_per_site)
        # Both species stacked: [NA] and [K] are (n, ...) views.
        self.local = np.zeros((2, n, 3), np.float64)
        self.inside = np.zeros((2, n), np.int64)
        self.kick = np.zeros((2, n), np.float64)
        self.vertices = np.zeros((2, n, VERTEX_COLUMNS), np.float32)
        self._order = np.zeros(n, np.int64)
        self._starts = np.zeros(2 * n_sites + 1, np.int64)
        #: Particles of each species inside the membrane, per site.
        self.inside_count = np.zeros((2, n_sites), np.int64)
        #: Cumulative crossings per species, site and mode: [species][direction][site, mode]
        #: with direction 0 = inward, 1 = outward.
        self.crossings = np.zeros((2, 2, n_sites, 3), np.int64)
        # Fractions of a crossing (or of a pump cycle) carried to the next frame.
        self._channel_carry = np.zeros((2, n_sites))
        self._leak_carry = np.zeros((2, n_sites))
        self._pump_carry = np.zeros(n_sites)
        self._moves_in = np.zeros((2, n_sites, 3), np.int64)
        self._moves_out = np.zeros((2, n_sites, 3), np.int64)
        self._target = np.zeros((2, n_sites))
        self._no_k_in = np.zeros(n_sites)
        #: Each site's drawn x and z are multiplied by this (1: as placed; the nerve world
        #: sets it from the compressed nerve's narrowing every frame).
        self.site_scale = np.ones(n_sites)
        readings = readings or SiteReadings.resting(n_sites)
        fractions = inside_fractions(readings.na_in_mM, readings.k_out_mM, readings.k_in_mM)
        for sp in (NA, K):
            self.inside_count[sp] = np.rint(fractions[sp] * self.n_per_site).astype(np.int64)
            place_ions(self.local[sp], self.inside[sp], self.site, self.inside_count[sp],
                       radii, sites.half_lengths_um, self.half_out_um, self.r_out_um,
                       settings.membrane_fraction, float(sheath), self._rng)  # fmt: skip
        self._step(0.0, 0.0, 1.0)

    @property
    def n_particles(self) -> int:
        return 2 * len(self.site)

    def target_inside(self, readings: SiteReadings) -> np.ndarray:
        """(2, n_sites) inside counts that the concentrations call for."""
        shares = inside_fractions(readings.na_in_mM, readings.k_out_mM, readings.k_in_mM)
        return np.stack(shares) * self.n_per_site

    def advance(self, readings: SiteReadings, *, play_dt_s: float, electrical_dt_ms: float) -> None:
        """Move the particles by one frame of ``play_dt_s`` seconds of play, during which the
        simulation covered ``electrical_dt_ms`` of electrical time."""
        cfg = self.settings
        dt = max(float(play_dt_s), 0.0)
        k_in = readings.k_in_mM
        target_fractions(readings.na_in_mM, readings.k_out_mM,
                         self._no_k_in if k_in is None else k_in, k_in is not None, _BATH_MM,
                         float(self.n_per_site), self._target)  # fmt: skip
        plan_moves(
            self.inside_count, self.n_per_site, readings.i_na_in_nA, readings.i_k_out_nA,
            readings.pump_rate, self._target, self._channel_carry, self._leak_carry,
            self._pump_carry, float(self.particles_per_pC), max(float(electrical_dt_ms), 0.0),
            max(1, int(cfg.max_channel_fraction_per_frame * self.n_per_site)),
            cfg.pump_cycles_per_s * dt, math.exp(-dt / cfg.relax_s), self._moves_in,
            self._moves_out, self.crossings,
        )  # fmt: skip
        self._step(
            math.sqrt(2.0 * cfg.diffusion_um2_per_s * dt), cfg.kick_speed_um_per_s * dt,
            math.exp(-dt / cfg.kick_decay_s),
        )  # fmt: skip

    def _step(self, step_um: float, kick_step_um: float, kick_keep: float) -> None:
        s, cfg = self.sites, self.settings
        step_field(self.local, self.inside, self.kick, self.site, self._order, self._starts,
                   self._moves_in, self._moves_out, self.pump_angle, self.pump_w_um,
                   s.positions_um, self.e1, self.e2, s.axes, s.radii_um, s.half_lengths_um,
                   self.half_out_um, self.r_out_um, self.gap_um, cfg.membrane_fraction,
                   float(cfg.sheath_radius_fraction), step_um, kick_step_um, kick_keep,
                   self._rng, self.site_scale, self.vertices)  # fmt: skip
        self._moves_in[:] = 0
        self._moves_out[:] = 0

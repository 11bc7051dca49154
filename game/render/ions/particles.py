"""Na+ and K+ particles around membrane sites: a view of the simulated currents and
concentrations (DESIGN.md: "ion particles are a view of the simulation, not decoration").

Each particle belongs to one site for life and lives in that site's frame (u, v across the
axis, w along it): inside the membrane (radius R) or in an equal-volume shell outside it
(out to R*sqrt(2)), so particle density stands for concentration. Every frame:

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

Kernels are numba ``@njit(nogil=True, cache=True)`` on raw arrays (flags from
``game.sim.jit``, whose import also points numba's cache at a writable folder) and call only
functions of this module, so numba's per-file cache never runs stale code. Random numbers
come from a splitmix64 stream held in the field, so a seed gives the same run every time.
"""

import math
from dataclasses import dataclass

import numpy as np

from game.render.ions.sites import IonSites, SiteReadings, inside_fractions, site_frames
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
# kernels


@njit(**KERNEL_FLAGS)
def _random(state):
    """splitmix64: (new state, uniform in [0, 1))."""
    state = state + np.uint64(0x9E3779B97F4A7C15)
    z = state
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return state, float(z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(**KERNEL_FLAGS)
def place_ions(local, inside, site, n_inside, radius_um, half_length_um, membrane_fraction, rng):
    """Scatter each site's particles uniformly: ``n_inside[s]`` inside, the rest in the shell.

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
        r_in, r_out0, r_out1 = r - half_m, r + half_m, r * math.sqrt(2.0)
        for j in range(first, last):
            state, a = _random(state)
            state, b = _random(state)
            state, c = _random(state)
            is_in = (j - first) < n_inside[s]
            if is_in:
                rho = r_in * math.sqrt(b)
            else:
                rho = math.sqrt(r_out0 * r_out0 + b * (r_out1 * r_out1 - r_out0 * r_out0))
            local[j, 0] = rho * math.cos(2.0 * math.pi * a)
            local[j, 1] = rho * math.sin(2.0 * math.pi * a)
            local[j, 2] = (2.0 * c - 1.0) * half_length_um[s]
            inside[j] = 1 if is_in else 0
        first = last
    rng[0] = state


@njit(**KERNEL_FLAGS)
def diffuse_ions(local, inside, kick, site, radius_um, half_length_um, membrane_fraction,
                 step_um, kick_step_um, kick_keep, rng):  # fmt: skip
    """One random-walk step with reflection at the membrane, the shell wall and the ends.

    ``step_um`` is the rms displacement per axis; a particle with ``kick`` > 0 also drifts
    away from the membrane (inward when inside) by ``kick * kick_step_um``."""
    state = rng[0]
    half_width = step_um * math.sqrt(3.0)  # a uniform step with the same variance
    for j in range(len(site)):
        s = site[j]
        r = radius_um[s]
        half_m = 0.5 * membrane_fraction * r
        state, a = _random(state)
        state, b = _random(state)
        state, c = _random(state)
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
        if inside[j] == 1:
            lo, hi = 0.0, r - half_m
        else:
            lo, hi = r + half_m, r * math.sqrt(2.0)
        target = rho
        if rho > hi:
            target = max(2.0 * hi - rho, lo)
        elif rho < lo:
            target = min(2.0 * lo - rho, hi)
        if target != rho and rho > 1e-9:
            u *= target / rho
            v *= target / rho
        h = half_length_um[s]
        if w > h:
            w = max(2.0 * h - w, -h)
        elif w < -h:
            w = min(-2.0 * h - w, h)
        local[j, 0] = u
        local[j, 1] = v
        local[j, 2] = w
    rng[0] = state


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
def transfer_ions(local, inside, kick, site, order, starts, moves_in, moves_out, pump_angle,
                  pump_w_um, radius_um, half_length_um, membrane_fraction, rng):  # fmt: skip
    """Carry ``moves_in[s, mode]`` particles of site s across the membrane inward and
    ``moves_out[s, mode]`` outward (modes: channel, pump, leak). ``order``/``starts`` come
    from ``sort_into_buckets`` before any move, so no particle crosses twice in a frame.

    Each mover is the nearer to the membrane of two random candidates (so few jump far);
    it reappears just across: channel and leak crossings where it was, pump crossings at one
    of the site's pumps. Channel and pump crossings start a kick (a drift and a glow)."""
    state = rng[0]
    n_sites = len(radius_um)
    n_pumps = pump_angle.shape[1]
    for s in range(n_sites):
        r = radius_um[s]
        half_m = 0.5 * membrane_fraction * r
        for direction in range(2):  # 0: outside -> inside, 1: inside -> outside
            b = 2 * s + (0 if direction == 0 else 1)
            lo, hi = starts[b], starts[b + 1]
            moves = moves_in[s] if direction == 0 else moves_out[s]
            for mode in range(3):
                for _ in range(moves[mode]):
                    if lo >= hi:
                        break
                    state, a = _random(state)
                    state, c = _random(state)
                    i1 = lo + min(int(a * (hi - lo)), hi - lo - 1)
                    i2 = lo + min(int(c * (hi - lo)), hi - lo - 1)
                    j1, j2 = order[i1], order[i2]
                    d1 = abs(math.sqrt(local[j1, 0] ** 2 + local[j1, 1] ** 2) - r)
                    d2 = abs(math.sqrt(local[j2, 0] ** 2 + local[j2, 1] ** 2) - r)
                    pick = i1 if d1 <= d2 else i2
                    j = order[pick]
                    order[pick] = order[lo]
                    order[lo] = j
                    lo += 1
                    state, a = _random(state)
                    state, c = _random(state)
                    depth = half_m + 0.08 * r * a
                    rho = r - depth if direction == 0 else r + depth
                    if mode == 1 and n_pumps > 0:
                        k = min(int(c * n_pumps), n_pumps - 1)
                        state, a = _random(state)
                        angle = pump_angle[s, k] + 0.15 * (a - 0.5)
                        w = pump_w_um[s, k] + 0.1 * r * (c - 0.5)
                    else:
                        angle = math.atan2(local[j, 1], local[j, 0])
                        w = local[j, 2]
                    local[j, 0] = rho * math.cos(angle)
                    local[j, 1] = rho * math.sin(angle)
                    local[j, 2] = max(-half_length_um[s], min(half_length_um[s], w))
                    inside[j] = 1 if direction == 0 else 0
                    kick[j] = 0.0 if mode == 2 else 1.0
    rng[0] = state


@njit(**KERNEL_FLAGS)
def write_vertices(local, inside, kick, site, centre_um, e1, e2, axis, radius_um,
                   half_length_um, out):  # fmt: skip
    """World positions plus fade and glow into ``out`` (N, 5) float32, ready to upload."""
    for j in range(len(site)):
        s = site[j]
        u, v, w = local[j, 0], local[j, 1], local[j, 2]
        for d in range(3):
            out[j, d] = centre_um[s, d] + u * e1[s, d] + v * e2[s, d] + w * axis[s, d]
        h = half_length_um[s]
        fade = min(1.0, (h - abs(w)) / (0.3 * h))
        if inside[j] == 0:
            r_out = radius_um[s] * math.sqrt(2.0)
            rho = math.sqrt(u * u + v * v)
            fade = min(fade, (r_out - rho) / (0.15 * r_out) + 0.2)
        out[j, 3] = max(0.0, min(1.0, fade))
        out[j, 4] = kick[j]


# ---------------------------------------------------------------------------------------
# the field


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
        rng = np.random.default_rng(settings.seed)
        self.pump_angle = np.ascontiguousarray(
            np.linspace(0.0, 2.0 * np.pi, settings.pumps_per_site, endpoint=False)[None, :]
            + rng.uniform(0.0, 2.0 * np.pi, (n_sites, 1))
            + rng.uniform(-0.25, 0.25, (n_sites, settings.pumps_per_site))
        )
        self.pump_w_um = np.ascontiguousarray(
            rng.uniform(-0.6, 0.6, (n_sites, settings.pumps_per_site))
            * sites.half_lengths_um[:, None]
        )
        self._rng = np.array([np.uint64(rng.integers(1, 2**63))], dtype=np.uint64)
        self.site = np.repeat(np.arange(n_sites, dtype=np.int64), self.n_per_site)
        self.local = [np.zeros((n, 3), np.float64) for _ in SPECIES]
        self.inside = [np.zeros(n, np.int64) for _ in SPECIES]
        self.kick = [np.zeros(n, np.float64) for _ in SPECIES]
        self.vertices = [np.zeros((n, VERTEX_COLUMNS), np.float32) for _ in SPECIES]
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
        readings = readings or SiteReadings.resting(n_sites)
        fractions = inside_fractions(readings.na_in_mM, readings.k_out_mM, readings.k_in_mM)
        for sp in (NA, K):
            self.inside_count[sp] = np.rint(fractions[sp] * self.n_per_site).astype(np.int64)
            place_ions(self.local[sp], self.inside[sp], self.site, self.inside_count[sp],
                       sites.radii_um, sites.half_lengths_um, settings.membrane_fraction,
                       self._rng)  # fmt: skip
            self._write(sp)

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
        cfg, sites = self.settings, self.sites
        dt = max(float(play_dt_s), 0.0)
        moves_in, moves_out = self._plan_moves(readings, dt, max(float(electrical_dt_ms), 0.0))
        step_um = math.sqrt(2.0 * cfg.diffusion_um2_per_s * dt)
        kick_keep = math.exp(-dt / cfg.kick_decay_s)
        for sp in (NA, K):
            diffuse_ions(self.local[sp], self.inside[sp], self.kick[sp], self.site,
                         sites.radii_um, sites.half_lengths_um, cfg.membrane_fraction,
                         step_um, cfg.kick_speed_um_per_s * dt, kick_keep, self._rng)  # fmt: skip
            sort_into_buckets(self.site, self.inside[sp], sites.n_sites, self._order, self._starts)
            transfer_ions(self.local[sp], self.inside[sp], self.kick[sp], self.site, self._order,
                          self._starts, moves_in[sp], moves_out[sp], self.pump_angle,
                          self.pump_w_um, sites.radii_um, sites.half_lengths_um,
                          cfg.membrane_fraction, self._rng)  # fmt: skip
            self._write(sp)

    def _write(self, sp: int) -> None:
        s = self.sites
        write_vertices(self.local[sp], self.inside[sp], self.kick[sp], self.site, s.positions_um,
                       self.e1, self.e2, s.axes, s.radii_um, s.half_lengths_um,
                       self.vertices[sp])  # fmt: skip

    def _plan_moves(self, readings: SiteReadings, dt: float, electrical_dt_ms: float):
        """Per-site integer crossings for this frame, (2, n_sites, 3) inward and outward,
        within what each side holds (vector operations over sites, not particles)."""
        cfg = self.settings
        inside = self.inside_count.astype(np.float64)
        outside = self.n_per_site - inside
        moves_in = np.zeros((2, self.sites.n_sites, 3), np.int64)
        moves_out = np.zeros_like(moves_in)

        # Channels: Na+ in, K+ out, at the charge they carried (nA x ms = pC).
        flux = np.stack([readings.i_na_in_nA, -readings.i_k_out_nA]) * electrical_dt_ms
        whole = self._take_whole(self._channel_carry, flux * self.particles_per_pC)
        cap = max(1, int(cfg.max_channel_fraction_per_frame * self.n_per_site))
        whole = np.clip(whole, -cap, cap)
        moves_in[:, :, CHANNEL] = np.minimum(np.maximum(whole, 0), outside)
        moves_out[:, :, CHANNEL] = np.minimum(np.maximum(-whole, 0), inside)
        inside_left = inside - moves_out[:, :, CHANNEL]
        outside_left = outside - moves_in[:, :, CHANNEL]

        # Pumps: whole cycles of 3 Na+ out and 2 K+ in, only as far as both are on hand.
        rate = np.clip(readings.pump_rate, 0.0, None)
        self._pump_carry += rate * cfg.pump_cycles_per_s * dt
        cycles = np.floor(self._pump_carry)
        cycles = np.minimum(cycles, np.floor(inside_left[NA] / PUMP_NA_OUT))
        cycles = np.minimum(cycles, np.floor(outside_left[K] / PUMP_K_IN))
        cycles = np.maximum(cycles, 0.0)
        self._pump_carry = np.minimum(self._pump_carry - cycles, 1.0)  # a stalled pump owes nothing
        moves_out[NA, :, PUMP] = PUMP_NA_OUT * cycles
        moves_in[K, :, PUMP] = PUMP_K_IN * cycles
        inside_left[NA] -= PUMP_NA_OUT * cycles
        outside_left[K] -= PUMP_K_IN * cycles

        # Leak: puts back what the pump moved this frame (at steady state the pump works
        # against the leak) and relaxes each inside count toward what the concentrations
        # call for; so the counts follow the concentrations, and a channel burst shows as
        # a rise that the relaxation then takes back.
        relax = (self.target_inside(readings) - inside) * (1.0 - math.exp(-dt / cfg.relax_s))
        balance = np.stack([PUMP_NA_OUT * cycles, -PUMP_K_IN * cycles])
        whole = self._take_whole(self._leak_carry, relax + balance)
        moves_in[:, :, LEAK] = np.minimum(np.maximum(whole, 0), outside_left)
        moves_out[:, :, LEAK] = np.minimum(np.maximum(-whole, 0), inside_left)

        self.inside_count += moves_in.sum(axis=2) - moves_out.sum(axis=2)
        self.crossings[:, 0] += moves_in
        self.crossings[:, 1] += moves_out
        return moves_in, moves_out

    @staticmethod
    def _take_whole(carry: np.ndarray, amount: np.ndarray) -> np.ndarray:
        """Add ``amount`` to ``carry``; take out and return the whole part (toward zero)."""
        carry += amount
        whole = np.trunc(carry)
        carry -= whole
        return whole.astype(np.int64)

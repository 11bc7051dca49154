"""Symmetric pentadiagonal solve: the linear system of one implicit cable step."""

from game.sim.jit import KERNEL_FLAGS, njit


@njit(**KERNEL_FLAGS)
def solve_symmetric_pentadiagonal(diag, off1, off2, rhs, out, d_work, upper1_work, lower1_work):
    """Solve A x = rhs for symmetric A with diagonals ``diag``, ``off1`` (k,k+1), ``off2`` (k,k+2).

    Gaussian elimination without pivoting (A is diagonally dominant); ``rhs`` is overwritten.
    The work arrays are at least as long as ``diag``.

    Each row's pivot, its two multipliers and what they update in the next two rows are
    carried in local variables from one row to the next instead of going through the work
    arrays: the elimination is a chain of dependent divisions, and a store followed by a
    load of the same element sits on that chain. The arithmetic is that of textbook banded
    elimination, operation for operation (``solve_reference`` below; the cable tests hold
    the two equal to the last bit).
    """
    n = diag.shape[0]
    if n < 3:
        solve_reference(diag, off1, off2, rhs, out, d_work, upper1_work, lower1_work)
        return
    # row k's pivot, upper and lower entries and right-hand side, final; row k+1's
    # diagonal and right-hand side as far as rows up to k-1 updated them
    pivot = diag[0]
    upper = off1[0]
    lower = off1[0]
    r_k = rhs[0]
    d_next = diag[1]
    r_next = rhs[1]
    for k in range(n - 2):
        f = lower / pivot
        d_next -= f * upper
        upper_next = off1[k + 1] - f * off2[k]
        r_next -= f * r_k
        f = off2[k] / pivot
        lower_next = off1[k + 1] - f * upper
        d_next2 = diag[k + 2] - f * off2[k]
        r_next2 = rhs[k + 2] - f * r_k
        d_work[k] = pivot
        upper1_work[k] = upper
        rhs[k] = r_k
        pivot, upper, lower, r_k = d_next, upper_next, lower_next, r_next
        d_next, r_next = d_next2, r_next2
    # row n-2 updates only row n-1
    f = lower / pivot
    d_next -= f * upper
    r_next -= f * r_k
    d_work[n - 2] = pivot
    upper1_work[n - 2] = upper
    rhs[n - 2] = r_k
    d_work[n - 1] = d_next
    rhs[n - 1] = r_next
    x2 = r_next / d_next
    out[n - 1] = x2
    x1 = (r_k - upper * x2) / pivot
    out[n - 2] = x1
    for k in range(n - 3, -1, -1):
        x0 = (rhs[k] - upper1_work[k] * x1 - off2[k] * x2) / d_work[k]
        out[k] = x0
        x2 = x1
        x1 = x0


@njit(**KERNEL_FLAGS)
def solve_reference(diag, off1, off2, rhs, out, d_work, upper1_work, lower1_work):
    """The same solve, written out as textbook banded Gaussian elimination on the work
    arrays (the reference the fast solve is tested against; also used for n < 3)."""
    n = diag.shape[0]
    for k in range(n):
        d_work[k] = diag[k]
    for k in range(n - 1):
        upper1_work[k] = off1[k]
        lower1_work[k] = off1[k]  # entry (k+1, k): the lower band starts as the upper one
    for k in range(n):
        pivot = d_work[k]
        if k + 1 < n:
            f = lower1_work[k] / pivot
            d_work[k + 1] -= f * upper1_work[k]
            if k + 2 < n:
                upper1_work[k + 1] -= f * off2[k]
            rhs[k + 1] -= f * rhs[k]
        if k + 2 < n:
            # row k+2 (its entry (k+2, k) is still the original off2[k]): update (k+2, k+1)
            # and the diagonal
            f = off2[k] / pivot
            lower1_work[k + 1] -= f * upper1_work[k]
            d_work[k + 2] -= f * off2[k]
            rhs[k + 2] -= f * rhs[k]
    out[n - 1] = rhs[n - 1] / d_work[n - 1]
    if n > 1:
        out[n - 2] = (rhs[n - 2] - upper1_work[n - 2] * out[n - 1]) / d_work[n - 2]
    for k in range(n - 3, -1, -1):
        out[k] = (rhs[k] - upper1_work[k] * out[k + 1] - off2[k] * out[k + 2]) / d_work[k]


@njit(**KERNEL_FLAGS)
def solve_symmetric_pentadiagonal_many(
    first_row, n, diag, off1, off2, rhs, out, d_work, upper1_work, lower1_work, carry
):  # fmt: skip
    """``solve_symmetric_pentadiagonal`` on several systems of ``n`` rows at once: system g
    occupies rows ``first_row[g]`` to ``first_row[g] + n - 1`` of every array; ``carry`` is
    at least (8, number of systems).

    The elimination of one system is a chain of dependent divisions, whose latency, not the
    arithmetic, sets its time; stepping several independent systems row by row side by
    side lets the processor overlap their chains. Each system's arithmetic is that of
    ``solve_symmetric_pentadiagonal`` operation for operation (what it carries from one row
    to the next in locals is carried here in ``carry``), so the results are the same to
    the last bit (tests/sim/test_bundle_stepping.py)."""
    m = first_row.shape[0]
    if n < 3:
        for g in range(m):
            o = first_row[g]
            solve_symmetric_pentadiagonal(
                diag[o : o + n], off1[o : o + n], off2[o : o + n], rhs[o : o + n],
                out[o : o + n], d_work[o : o + n], upper1_work[o : o + n],
                lower1_work[o : o + n],
            )  # fmt: skip
        return
    pivot, upper, lower, r_k = carry[0], carry[1], carry[2], carry[3]
    d_next, r_next, x1, x2 = carry[4], carry[5], carry[6], carry[7]
    for g in range(m):
        o = first_row[g]
        pivot[g] = diag[o]
        upper[g] = off1[o]
        lower[g] = off1[o]
        r_k[g] = rhs[o]
        d_next[g] = diag[o + 1]
        r_next[g] = rhs[o + 1]
    for k in range(n - 2):
        for g in range(m):
            o = first_row[g] + k
            p, u, rk = pivot[g], upper[g], r_k[g]
            f = lower[g] / p
            dn = d_next[g] - f * u
            upper_next = off1[o + 1] - f * off2[o]
            rn = r_next[g] - f * rk
            f = off2[o] / p
            lower_next = off1[o + 1] - f * u
            d_next2 = diag[o + 2] - f * off2[o]
            r_next2 = rhs[o + 2] - f * rk
            d_work[o] = p
            upper1_work[o] = u
            rhs[o] = rk
            pivot[g], upper[g], lower[g], r_k[g] = dn, upper_next, lower_next, rn
            d_next[g], r_next[g] = d_next2, r_next2
    for g in range(m):
        o = first_row[g] + n - 2
        p, u, rk = pivot[g], upper[g], r_k[g]
        f = lower[g] / p
        dn = d_next[g] - f * u
        rn = r_next[g] - f * rk
        d_work[o] = p
        upper1_work[o] = u
        rhs[o] = rk
        d_work[o + 1] = dn
        rhs[o + 1] = rn
        xb = rn / dn
        out[o + 1] = xb
        xa = (rk - u * xb) / p
        out[o] = xa
        x1[g], x2[g] = xa, xb
    for k in range(n - 3, -1, -1):
        for g in range(m):
            o = first_row[g] + k
            x0 = (rhs[o] - upper1_work[o] * x1[g] - off2[o] * x2[g]) / d_work[o]
            out[o] = x0
            x2[g] = x1[g]
            x1[g] = x0

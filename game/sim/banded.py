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

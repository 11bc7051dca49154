"""Symmetric pentadiagonal solve: the linear system of one implicit cable step."""

from game.sim.jit import KERNEL_FLAGS, njit


@njit(**KERNEL_FLAGS)
def solve_symmetric_pentadiagonal(diag, off1, off2, rhs, out, d_work, upper1_work, lower1_work):
    """Solve A x = rhs for symmetric A with diagonals ``diag``, ``off1`` (k,k+1), ``off2`` (k,k+2).

    Gaussian elimination without pivoting (A is diagonally dominant); ``rhs`` is overwritten.
    The work arrays are at least as long as ``diag``.
    """
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

"""Errors a person can fix (bad input, no display, missing file), reported as one line."""


class UserFacingError(Exception):
    """Printed as ``pins-and-needles: <message>`` with no traceback; exits with ``exit_code``.

    The message names the file or option, the field, and what was expected.
    """

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class UsageError(UserFacingError):
    """Bad command-line input: exit code 2, like argparse."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=2)

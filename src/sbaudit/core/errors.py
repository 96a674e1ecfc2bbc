"""The one exception type for mistakes a user can fix; the CLI turns it into exit code 2."""


class UsageProblem(Exception):
    """An unknown report id, item id or program, or a date that does not parse."""

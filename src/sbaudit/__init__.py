"""sbaudit: a progress auditor for government action plans."""

__version__ = "0.1.0"

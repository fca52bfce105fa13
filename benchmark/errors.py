"""The project's error types.

Every error that comes from bad input names where the input was wrong (file, line,
field) so that a user can fix it without reading a traceback.
"""

from __future__ import annotations

from os import PathLike


class HeadlineBenchError(Exception):
    """Base class of every error HeadlineBench raises on purpose."""


class InputError(HeadlineBenchError, ValueError):
    """Bad input at a boundary: a file, a row, a config value or a submission."""

    def __init__(
        self,
        message: str,
        *,
        path: str | PathLike[str] | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.field = field
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
        elif self.line is not None:
            where = f"line {self.line}"
        parts = [where] if where else []
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        prefix = ": ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class SeedFormatError(InputError):
    """A scraped-article text file that cannot be parsed into an article."""

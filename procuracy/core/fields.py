"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models


class CodePointCharField(models.CharField):
    """Text compared and sorted by code point, for columns of codes that an index sorts by the
    million (never shown in alphabetical order).

    On PostgreSQL the column takes the "C" collation: comparing bytes is several times cheaper
    than the locale's rules, which makes building and reading its indexes faster. SQLite compares
    text so already (its BINARY collation) and knows no "C" collation.
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters

"""Checks of what a user asked for, with the messages people see."""

from __future__ import annotations

from pathlib import Path

from ecqwriter.core.errors import EcqError
from ecqwriter.core.frameworks import Framework


def require_ecq(framework: Framework, ecq_id: str, source: str | Path | None = None) -> str:
    """``ecq_id`` if the framework has that ECQ, else an error listing the ones it has."""
    if ecq_id not in framework.ecq_ids:
        raise EcqError(f"'{ecq_id}' is not an ECQ of {framework.id} "
                       f"(choose one of: {', '.join(framework.ecq_ids)})", source)
    return ecq_id

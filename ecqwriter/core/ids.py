"""Identifiers and timestamps for everything the model stores (no other dependency, so both
the package model and the comments can use them)."""

from __future__ import annotations

import datetime as dt
import uuid


def new_id() -> str:
    return uuid.uuid4().hex


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)

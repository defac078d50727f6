"""User preferences in QSettings (the platform's native store)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from ecqwriter.application.documents import DEFAULT_AUTOSAVE_SECONDS

MAX_RECENT = 10


class AppSettings:
    def __init__(self, settings: QSettings | None = None):
        self.store = settings or QSettings("ecqwriter", "ecqwriter")
        self._make_private()

    def _set(self, key: str, value) -> None:
        self.store.setValue(key, value)
        self.store.sync()
        self._make_private()

    def _make_private(self) -> None:
        # the settings hold recent package paths and the user's name: user-only, like everything we write
        import os

        name = self.store.fileName()
        if name and os.path.isfile(name):
            try:
                os.chmod(name, 0o600)
            except OSError:
                pass

    def _get(self, key: str, default, kind):
        value = self.store.value(key, default)
        try:
            if kind is bool:
                return value in (True, "true", "1", 1)
            return kind(value)
        except (TypeError, ValueError):
            return default

    @property
    def autosave_seconds(self) -> float:
        return max(2.0, self._get("autosave/seconds", DEFAULT_AUTOSAVE_SECONDS, float))

    @autosave_seconds.setter
    def autosave_seconds(self, value: float) -> None:
        self._set("autosave/seconds", float(value))

    @property
    def theme(self) -> str:
        value = self._get("view/theme", "system", str)
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._set("view/theme", value)

    @property
    def font_size(self) -> int:
        return min(32, max(8, self._get("view/font_size", 12, int)))

    @font_size.setter
    def font_size(self, value: int) -> None:
        self._set("view/font_size", int(value))

    @property
    def show_info_findings(self) -> bool:
        return self._get("checks/show_info", True, bool)

    @show_info_findings.setter
    def show_info_findings(self, value: bool) -> None:
        self._set("checks/show_info", bool(value))

    @property
    def check_spelling(self) -> bool:
        return self._get("checks/spelling", True, bool)

    @check_spelling.setter
    def check_spelling(self, value: bool) -> None:
        self._set("checks/spelling", bool(value))

    @property
    def user_name(self) -> str:
        """The name on this person's comments and saves ("" until they give one)."""
        return self._get("review/name", "", str).strip()

    @user_name.setter
    def user_name(self, value: str) -> None:
        self._set("review/name", value.strip())

    @property
    def user_role(self) -> str:
        value = self._get("review/role", "candidate", str)
        return value if value in ("candidate", "reviewer") else "candidate"

    @user_role.setter
    def user_role(self, value: str) -> None:
        self._set("review/role", value)

    @property
    def recent_files(self) -> list[str]:
        value = self.store.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])][:MAX_RECENT]

    def add_recent(self, path: str) -> None:
        recent = [p for p in self.recent_files if p != path]
        self._set("files/recent", [path] + recent[: MAX_RECENT - 1])

    def remove_recent(self, path: str) -> None:
        self._set("files/recent", [p for p in self.recent_files if p != path])

    def sync(self) -> None:
        self.store.sync()

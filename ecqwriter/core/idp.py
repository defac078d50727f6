"""The Individual Development Plan of a Criterion C package (and of a CDP).

OPM prescribes no field list for a Criterion C IDP (unconfirmed in our sources); these
fields follow the CDP and executive development rules (5 CFR 412.302 and 412.401): target
ECQs and competencies with a gap statement, activities with dates, mentor and a measure of
success, sign-offs and reviews. The plan is stored in the package's IDP document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ACTIVITY_TYPES = {
    "formal-training": "Formal training",
    "developmental-assignment": "Developmental assignment or detail",
    "mentoring-coaching": "Mentoring or coaching",
    "action-learning": "Action learning",
    "reading": "Reading",
    "other": "Other",
}
STATUSES = ("planned", "in-progress", "done")
DEFAULT_HORIZON_MONTHS = 12
IDP_FORMAT = "ecqwriter.idp/1"


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass
class Activity:
    description: str = ""
    kind: str = "formal-training"
    start: dt.date | None = None
    end: dt.date | None = None
    mentor: str = ""
    measure: str = ""
    status: str = "planned"

    def to_dict(self) -> dict:
        return {"description": self.description, "kind": self.kind, "start": _iso(self.start),
                "end": _iso(self.end), "mentor": self.mentor, "measure": self.measure, "status": self.status}

    @classmethod
    def from_dict(cls, data: dict) -> "Activity":
        kind = data.get("kind", "other")
        status = data.get("status", "planned")
        return cls(description=str(data.get("description", "")), kind=kind if kind in ACTIVITY_TYPES else "other",
                   start=_date(data.get("start")), end=_date(data.get("end")), mentor=str(data.get("mentor", "")),
                   measure=str(data.get("measure", "")), status=status if status in STATUSES else "planned")


@dataclass
class Target:
    ecq_id: str
    competency_id: str = ""  # empty: the ECQ as a whole
    gap: str = ""
    activities: list[Activity] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"ecq": self.ecq_id, "competency": self.competency_id, "gap": self.gap,
                "activities": [a.to_dict() for a in self.activities]}

    @classmethod
    def from_dict(cls, data: dict) -> "Target":
        return cls(ecq_id=str(data.get("ecq", "")), competency_id=str(data.get("competency", "") or ""),
                   gap=str(data.get("gap", "")),
                   activities=[Activity.from_dict(a) for a in data.get("activities", []) if isinstance(a, dict)])


@dataclass
class SignOff:
    name: str = ""
    date: dt.date | None = None

    @property
    def signed(self) -> bool:
        return bool(self.name.strip()) and self.date is not None


@dataclass
class DevelopmentPlan:
    targets: list[Target] = field(default_factory=list)
    mentor: str = ""  # the plan's SES mentor or coach
    supervisor: SignOff = field(default_factory=SignOff)
    erb: SignOff = field(default_factory=SignOff)
    review_dates: list[dt.date] = field(default_factory=list)
    horizon_months: int = DEFAULT_HORIZON_MONTHS
    notes: str = ""

    @property
    def empty(self) -> bool:
        return not self.targets and not self.notes.strip()

    def activities(self) -> list[tuple[Target, Activity]]:
        return [(t, a) for t in self.targets for a in t.activities]

    def span(self) -> tuple[dt.date | None, dt.date | None]:
        starts = [a.start for _, a in self.activities() if a.start]
        ends = [a.end for _, a in self.activities() if a.end]
        return (min(starts) if starts else None, max(ends) if ends else None)

    def targeted_ecqs(self) -> set[str]:
        return {t.ecq_id for t in self.targets}

    def to_dict(self) -> dict:
        return {
            "format": IDP_FORMAT,
            "targets": [t.to_dict() for t in self.targets],
            "mentor": self.mentor,
            "supervisor": {"name": self.supervisor.name, "date": _iso(self.supervisor.date)},
            "erb": {"name": self.erb.name, "date": _iso(self.erb.date)},
            "review_dates": [d.isoformat() for d in self.review_dates],
            "horizon_months": self.horizon_months,
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> "DevelopmentPlan":
        """Reads the stored document; older free-text plans ({"notes": ...}) keep their text."""
        data = data if isinstance(data, dict) else {}
        supervisor = data.get("supervisor") or {}
        erb = data.get("erb") or {}
        horizon = data.get("horizon_months", DEFAULT_HORIZON_MONTHS)
        return cls(
            targets=[Target.from_dict(t) for t in data.get("targets", []) if isinstance(t, dict)],
            mentor=str(data.get("mentor", "")),
            supervisor=SignOff(str(supervisor.get("name", "")), _date(supervisor.get("date"))),
            erb=SignOff(str(erb.get("name", "")), _date(erb.get("date"))),
            review_dates=[d for d in (_date(x) for x in data.get("review_dates", [])) if d],
            horizon_months=horizon if isinstance(horizon, int) and 1 <= horizon <= 60 else DEFAULT_HORIZON_MONTHS,
            notes=str(data.get("notes", "")),
        )


def months_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 30.44


def suggested_activities(ecq_id: str, start: dt.date | None = None) -> list[Activity]:
    """Template activities for an ECQ (resources/idp/activities.toml), scheduled in turn
    from ``start`` so a proposed plan has dates from the outset."""
    import tomllib

    from ecqwriter.core.resources import resource_path

    data = tomllib.loads(resource_path("idp", "activities.toml").read_text(encoding="utf-8"))
    start = start or dt.date.today()
    activities = []
    for group in data.get("ecq", []):
        if ecq_id not in group.get("ids", []):
            continue
        for entry in group.get("activities", []):
            months = int(entry.get("months", 3))
            end = start + dt.timedelta(days=round(months * 30.44))
            activities.append(Activity(description=entry["description"], kind=entry.get("kind", "other"),
                                       start=start, end=end, measure=entry.get("measure", "")))
    return activities

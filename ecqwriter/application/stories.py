"""What a story gives the rest of the application: a résumé accomplishment bullet."""

from __future__ import annotations

from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Example, Package


def resume_bullet(package: Package, ecq_id: str, story: Example) -> str:
    """A one-to-two-line accomplishment proposed from the story (analysis/outline.py), for
    the candidate to edit before it joins the résumé."""
    from ecqwriter.analysis.engine import get_analyzer
    from ecqwriter.analysis.outline import propose_bullet

    return propose_bullet(story.text, load_framework(package.framework_id), ecq_id, get_analyzer())


def add_resume_bullet(package: Package, bullet: str) -> None:
    """The bullet as the résumé's last line ("- ..."), where the candidate moves it under its job."""
    line = "- " + " ".join(bullet.split()).lstrip("-• ").strip()
    package.resume = f"{package.resume.rstrip()}\n\n{line}" if package.resume.strip() else line

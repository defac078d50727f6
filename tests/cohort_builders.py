"""A folder of generated packages for the cohort tests: every third one an empty new package
(not ready), the others copies of the 2025 and 2006 samples (ready), under different names."""

from __future__ import annotations

from pathlib import Path


def make_cohort(folder: Path, count: int) -> dict[str, bool]:
    """Write ``count`` packages; returns each file's name and whether it should be ready."""
    from ecqwriter.core.frameworks import load_framework
    from ecqwriter.core.model import Package
    from ecqwriter.core.samples import load_sample
    from ecqwriter.storage.packagefile import PackageFile

    folder.mkdir(parents=True, exist_ok=True)
    samples = {"opm-2025": load_sample("sample-opm-2025"), "opm-2006": load_sample("sample-opm-2006")}
    expected = {}
    for number in range(count):
        name = f"candidate-{number:03d}.ecq"
        if number % 3 == 2:
            package = Package.new("A", load_framework("opm-2025"), f"Empty Candidate {number}")
            ready = False
        else:
            package = samples["opm-2025" if number % 3 == 0 else "opm-2006"]
            package.candidate.name = f"Candidate {number}"
            ready = True
        PackageFile.create(folder / name, package, lock=False).close()
        expected[name] = ready
    return expected

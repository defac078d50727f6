"""ecqwriter benchmarks (shared/contracts.md section 5).

    python benchmarks/run.py --json

Prints one JSON object of medians (milliseconds unless the key says otherwise). A key
whose tool or feature is missing on this machine is null, never left out.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KEYS = (
    "analyze_package_ms", "analyze_paragraph_ms", "keystroke_p95_ms", "startup_window_ms",
    "export_docx_ms", "export_pdf_ms", "libreoffice_pdf_ms", "check_100_packages_s", "rss_mb",
    "tokenize_floor_ms", "check_500_packages_s",
    # added: the same batches in one process, and the parallel time as a share of it
    "check_100_packages_jobs1_s", "check_500_packages_jobs1_s", "check_500_parallel_ratio",
    "check_500_peak_rss_mb",
)


def benchmark_package(target_words: int = 5000):
    """The sample package grown with corpus stories to about ``target_words`` words."""
    from ecqwriter.core.model import Example
    from ecqwriter.core.samples import load_sample
    from evaluation.corpus import load_corpus

    package = load_sample("sample-opm-2006")
    extra = [e for e in load_corpus() if e.framework == "opm-2006" and e.quality == "strong"]
    i = 0
    while package.word_count() < target_words and i < len(extra):
        story = extra[i]
        package.narrative(story.ecq).examples.append(Example(story.id, list(story.paragraphs)))
        i += 1
    return package


def median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def bench_analysis(results: dict, repeat: int) -> None:
    from ecqwriter.analysis.engine import Analyzer
    from ecqwriter.analysis.package_check import check_package

    package = benchmark_package()
    results["package_words"] = package.word_count()
    started = time.perf_counter()
    analyzer = Analyzer()
    check_package(package, analyzer=analyzer)
    results["first_analysis_ms"] = round((time.perf_counter() - started) * 1000, 1)

    def whole_package_uncached():
        analyzer.cache_clear()
        check_package(package, analyzer=analyzer)

    results["analyze_package_ms"] = median_ms(whole_package_uncached, repeat)
    results["analyze_package_cached_ms"] = median_ms(lambda: check_package(package, analyzer=analyzer), repeat)

    narrative = package.narrative("leading-change")
    text_paragraphs = [p for e in narrative.examples for p in e.paragraphs]
    starts, count = [], 0
    for example in narrative.examples:
        starts.append(count)
        count += len(example.paragraphs)
    counter = [0]

    def edit_one_paragraph():
        counter[0] += 1
        edited = list(text_paragraphs)
        edited[2] = edited[2] + f" I also briefed {counter[0]} regional directors."
        analyzer.analyze_text("\n\n".join(edited), "opm-2006", "leading-change", example_starts=starts)

    results["analyze_paragraph_ms"] = median_ms(edit_one_paragraph, repeat)

    # the floor: spaCy's blank English pipeline with a sentencizer over the same text
    import spacy

    floor = spacy.blank("en")
    floor.add_pipe("sentencizer")
    texts = [p for n in package.narratives.values() for e in n.examples for p in e.paragraphs]
    results["tokenize_floor_ms"] = median_ms(lambda: list(floor.pipe(texts)), repeat)
    results["analyze_package_floor_ratio"] = round(results["analyze_package_ms"] / results["tokenize_floor_ms"], 2)
    results["analyze_paragraph_floor_ratio"] = round(results["analyze_paragraph_ms"] / results["tokenize_floor_ms"], 2)


def write_cohort(folder: Path, count: int) -> None:
    """``count`` packages that differ in every paragraph (no two share a cached analysis), in
    the mix an agency sees: 2025 résumé-based and 2006 narrative packages."""
    from ecqwriter.core.samples import load_sample
    from ecqwriter.storage.packagefile import PackageFile

    for number in range(count):
        package = load_sample("sample-opm-2025" if number % 2 == 0 else "sample-opm-2006")
        package.candidate.name = f"Candidate {number}"
        for narrative in package.narratives.values():
            for example in narrative.examples:
                example.paragraphs = [f"{p} In {2015 + number % 10} I briefed {number + 3} staff on it."
                                      for p in example.paragraphs[:4]]
        PackageFile.create(folder / f"candidate-{number:04d}.ecq", package, lock=False).close()


def _time_check(folder: str, jobs: int | None) -> tuple[float | None, float | None]:
    """Seconds for ``ecqwriter check FOLDER --json`` in a fresh process, and its peak memory (MB,
    the largest of the process and its workers)."""
    code = (
        "import resource, sys, time; from ecqwriter.cli import main;"
        "t=time.perf_counter(); rc=main(['check', sys.argv[1], '--json'] + sys.argv[2:]);"
        "e=time.perf_counter()-t;"
        "m=max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
        "print('ELAPSED', e, m, file=sys.stderr); sys.exit(rc)"
    )
    extra = ["--jobs", str(jobs)] if jobs else []
    done = subprocess.run([sys.executable, "-c", code, folder, *extra], capture_output=True, text=True, cwd=ROOT)
    line = next((x for x in done.stderr.splitlines() if x.startswith("ELAPSED")), None)
    if done.returncode not in (0, 1) or line is None:
        return None, None
    _, elapsed, peak = line.split()
    return float(elapsed), int(peak) / 1024


def bench_check(results: dict) -> None:
    """100 and 500 packages, in one process (--jobs 1) and with the default --jobs."""
    with tempfile.TemporaryDirectory() as root:
        for count in (100, 500):
            folder = Path(root) / str(count)
            folder.mkdir()
            write_cohort(folder, count)
            single, _ = _time_check(str(folder), 1)
            default, peak = _time_check(str(folder), None)
            results[f"check_{count}_packages_jobs1_s"] = round(single, 2) if single else None
            results[f"check_{count}_packages_s"] = round(default, 2) if default else None
            if count == 500 and single and default:
                results["check_500_parallel_ratio"] = round(default / single, 2)
                results["check_500_peak_rss_mb"] = round(peak, 1)


def bench_gui(results: dict, repeat: int) -> None:
    probe = ROOT / "benchmarks" / "gui_probe.py"
    if not probe.exists():
        return
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    startups, keystrokes, rss = [], [], []
    for _ in range(max(3, repeat // 3)):
        done = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, env=env,
                              cwd=ROOT, timeout=300)
        if done.returncode != 0:
            print(done.stderr[-2000:], file=sys.stderr)
            return
        data = json.loads(done.stdout.strip().splitlines()[-1])
        startups.append(data["startup_window_ms"])
        keystrokes.append(data["keystroke_p95_ms"])
        rss.append(data["rss_mb"])
    results["startup_window_ms"] = round(statistics.median(startups), 1)
    results["keystroke_p95_ms"] = round(statistics.median(keystrokes), 2)
    results["rss_mb"] = round(max(rss), 1)


def bench_export(results: dict, repeat: int) -> None:
    try:
        from ecqwriter.export import export_package
    except ImportError:
        return
    package = benchmark_package(0)
    with tempfile.TemporaryDirectory() as folder:
        docx = Path(folder) / "b.docx"
        pdf = Path(folder) / "b.pdf"
        results["export_docx_ms"] = median_ms(lambda: export_package(package, docx), repeat)
        results["export_pdf_ms"] = median_ms(lambda: export_package(package, pdf), repeat)
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office:
            def convert():
                subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", folder, str(docx)],
                               capture_output=True, timeout=300,
                               env=dict(os.environ, HOME=folder))
            results["libreoffice_pdf_ms"] = median_ms(convert, max(3, repeat // 3))


def bench_review(results: dict, repeat: int) -> None:
    """Comment anchors after a keystroke, and a Word round trip of the whole package."""
    from ecqwriter.core.comments import example_target, follow_edit, new_comment
    from ecqwriter.core.frameworks import load_framework
    from ecqwriter.export import ExportOptions, export_package
    from ecqwriter.importing.plan import plan_import

    package = benchmark_package()
    text = "\n\n".join(e.text for n in package.narratives.values() for e in n.examples)
    step = max(1, len(text) // 60)
    comments = [new_comment("x", text, i, i + 25, "Coach", "note") for i in range(0, len(text) - 30, step)]
    middle = len(text) // 2
    typed = text[:middle] + "x" + text[middle:]

    def keystroke():
        for comment, start in zip(comments, range(0, len(text) - 30, step)):
            comment.start, comment.end = start, start + 25
        follow_edit(comments, text, typed)

    results["comment_anchor_update_ms"] = median_ms(keystroke, repeat)
    results["comment_anchor_comments"] = len(comments)
    example = next(e for n in package.narratives.values() for e in n.examples)
    for number in range(20):
        package.comments.append(new_comment(example_target(example.id), example.text, number * 10, number * 10 + 8,
                                            "Coach", f"comment {number}"))
    framework = load_framework(package.framework_id)
    with tempfile.TemporaryDirectory() as folder:
        docx = Path(folder) / "review.docx"
        export_package(package, docx, ExportOptions(comments="all"))
        results["import_docx_ms"] = median_ms(lambda: plan_import(docx, framework), repeat)


def bench_hostile(results: dict) -> None:
    """Inputs under the size caps that used to blow up (issue 18): seconds, one run each."""
    from ecqwriter.analysis.engine import Analyzer
    from ecqwriter.core.comments import example_target, new_comment
    from ecqwriter.core.samples import load_sample
    from ecqwriter.export import ExportOptions, export_package
    from ecqwriter.storage.packagefile import PackageFile

    analyzer = Analyzer()
    analyzer.warm_up()
    sentences = ["In 2021 I led a team of 40 analysts.", "We briefed OMB on the plan.",
                 "The backlog fell by 30 percent.", "The office faced a budget shortfall."]
    distinct = "\n\n".join(f"{sentences[i % 4]} Item {i}." for i in range(40_000))
    started = time.perf_counter()
    analyzer.analyze_text(distinct, "opm-2006")
    results["analyze_40k_distinct_paragraphs_s"] = round(time.perf_counter() - started, 2)
    repeated = "\n\n".join(sentences[i % 4] for i in range(40_000))
    started = time.perf_counter()
    analyzer.analyze_text(repeated, "opm-2006")
    results["analyze_40k_repeated_paragraphs_s"] = round(time.perf_counter() - started, 2)
    package = load_sample("sample-opm-2006")
    package.narrative("leading-change").examples[0].paragraphs = [
        " ".join(f"In {2000 + i % 20} sentence {i} cut costs across the region." for i in range(12_100))]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        export_package(package, Path(folder) / "big.pdf")
        results["pdf_640kb_paragraph_s"] = round(time.perf_counter() - started, 2)
        package = load_sample("sample-opm-2006")
        example = package.narrative("leading-change").examples[0]
        for number in range(10_000):
            start = (number * 37) % (len(example.text) - 12)
            package.comments.append(new_comment(example_target(example.id), example.text, start, start + 9,
                                                "Coach", f"note {number}"))
        started = time.perf_counter()
        export_package(package, Path(folder) / "review.docx", ExportOptions(comments="open"))
        results["docx_10k_comments_s"] = round(time.perf_counter() - started, 2)
        path = Path(folder) / "save.ecq"
        opened = PackageFile.create(path, load_sample("sample-opm-2006"))
        results["save_publish_ms"] = median_ms(lambda: opened.save(opened.package), 15)
        opened.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="ecqwriter benchmarks")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", choices=["analysis", "check", "gui", "export", "review", "hostile"],
                        action="append")
    args = parser.parse_args(argv)
    results: dict = {key: None for key in KEYS}
    parts = args.only or ["analysis", "check", "gui", "export", "review", "hostile"]
    if "analysis" in parts:
        bench_analysis(results, args.repeat)
    if "export" in parts:
        bench_export(results, args.repeat)
    if "review" in parts:
        bench_review(results, args.repeat)
    if "check" in parts:
        bench_check(results)
    if "hostile" in parts:
        bench_hostile(results)
    if "gui" in parts:
        bench_gui(results, args.repeat)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for key, value in results.items():
            print(f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The ``ecqwriter`` command line (interface fixed by docs/interfaces.md).

Every command calls the application layer (ecqwriter/application), as the window does; this
module only parses arguments and prints. Errors the user can act on end with exit
status 2 and one line on standard error naming the file and the problem, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ecqwriter import __version__
from ecqwriter.cli_output import JsonArrayWriter, PipeSafeOutput, Progress
from ecqwriter.core.display_text import shown
from ecqwriter.core.errors import EcqError
from ecqwriter.core.location import shorten
from ecqwriter.core.wording import plural

EXIT_OK = 0
EXIT_NOT_READY = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors also exit 2, in one line
        self.exit(EXIT_BAD_INPUT, f"ecqwriter: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ecqwriter", description="Write and check SES ECQ packages offline.")
    parser.add_argument("--version", action="version", version=f"ecqwriter {__version__}")
    parser.add_argument("--sample", action="store_true", help="open the app on a copy of the bundled sample")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    gui = sub.add_parser("gui", help="open the desktop application")
    gui.add_argument("package", nargs="?", type=Path)

    frameworks = sub.add_parser("frameworks", help="list the framework packs")
    frameworks.add_argument("--json", action="store_true")

    new = sub.add_parser("new", help="create an empty package file")
    new.add_argument("package", type=Path)
    new.add_argument("--criterion", required=True, choices=["A", "B", "C"])
    new.add_argument("--framework", required=True)
    new.add_argument("--format", dest="application_format", default=None,
                     help="what the application holds: resume-only, one-page-ecqs, narratives or interview "
                          "(default: the framework's, resume-only for opm-2025 and narratives for opm-2006)")
    new.add_argument("--candidate", default="")

    imp = sub.add_parser("import-text", help="add a text file as a narrative example")
    imp.add_argument("package", type=Path)
    imp.add_argument("--ecq", required=True)
    imp.add_argument("textfile", type=Path)

    word = sub.add_parser("import-docx", help="import a Word draft, split by ECQ headings (preview unless --apply)")
    word.add_argument("package", type=Path)
    word.add_argument("docx", type=Path)
    word.add_argument("--apply", action="store_true", help="write the import into the package (default: preview only)")
    word.add_argument("--replace", action="store_true", help="replace the examples of the ECQs that receive text")
    word.add_argument("--assign", action="append", default=[], metavar="N=DEST",
                      help="send part N of the preview to DEST (an ECQ id, resume, justification or skip)")
    word.add_argument("--json", action="store_true", help="print the plan as JSON")

    resume = sub.add_parser("import-resume", help="replace the package's résumé with a structured résumé (JSON) "
                                                  "or the text of a Word résumé (.docx)")
    resume.add_argument("package", type=Path)
    resume.add_argument("resume", type=Path, help="an ecqwriter.resume/1 JSON file, or a Word résumé (.docx)")

    convert = sub.add_parser("convert", help="write a copy of a package on another ECQ framework, each story "
                                              "assigned to a new ECQ by the analysis")
    convert.add_argument("package", type=Path)
    convert.add_argument("--to", required=True, dest="framework", help="the framework id, e.g. opm-2025")
    convert.add_argument("-o", "--output", required=True, type=Path, help="the new package (never overwritten)")
    convert.add_argument("--json", action="store_true")

    analyze = sub.add_parser("analyze", help="analyse one plain-text narrative")
    analyze.add_argument("textfile", type=Path)
    analyze.add_argument("--framework", default="opm-2025",
                         help="the ECQ framework (default: opm-2025, the ECQs in force since 1 October 2025)")
    analyze.add_argument("--ecq", default=None)
    analyze.add_argument("--json", action="store_true")

    export = sub.add_parser("export", help="export the formatted package to .docx or .pdf")
    export.add_argument("package", type=Path)
    export.add_argument("-o", "--output", required=True, type=Path, help="OUT.docx or OUT.pdf")
    export.add_argument("--part", choices=["package", "resume", "interview"], default="package",
                        help="package (default: what the application format holds); resume: the résumé alone, "
                             "one column in Liberation Sans 10.5 pt with 0.5 inch margins, as USAJOBS asks; "
                             "interview: outline cards for a structured interview, one page per ECQ (PDF)")
    export.add_argument("--ecq", default=None, help="export one ECQ only")
    export.add_argument("--narratives-only", action="store_true", help="the ECQ narratives without the other parts")
    export.add_argument("--font-size", type=float, default=12.0, help="10 to 12 points (default 12)")
    export.add_argument("--margin", type=float, default=1.0, help="margins in inches (default 1)")
    export.add_argument("--accessible", action="store_true", help="tagged PDF through LibreOffice")
    export.add_argument("--json", action="store_true", help="print the page report as JSON")
    export.add_argument("--comments", action="store_true",
                        help="reviewer's copy: include the open review comments (Word comments; notes in a PDF)")
    export.add_argument("--resolved", action="store_true", help="with --comments, include resolved comments too")
    export.add_argument("--replace-read-only", action="store_true",
                        help="replace OUT even if it is a read-only file (refused otherwise)")

    repair = sub.add_parser("repair", help="rescue the data of a package that was refused as unsafe or damaged")
    repair.add_argument("package", type=Path)
    repair.add_argument("-o", "--output", type=Path, default=None,
                        help="the repaired copy (default: 'NAME (repaired).ecq' beside the package)")

    sample = sub.add_parser("sample", help="list the bundled sample packages, or write a copy of one")
    sample.add_argument("name", nargs="?", help="the sample to copy (see --list)")
    sample.add_argument("--list", action="store_true", help="list the samples, one a line")
    sample.add_argument("-o", "--output", type=Path, help="the package file to write (never overwritten)")

    check = sub.add_parser("check", help="QRB readiness report for packages (a folder: every .ecq in it)")
    check.add_argument("packages", nargs="+", type=Path)
    check.add_argument("--json", action="store_true")
    check.add_argument("--jobs", type=_positive, default=None,
                       help="check in N processes (default: the number of CPUs)")

    bundle = sub.add_parser("bundle", help="one submission PDF: a cover with contents, the package, the attachments")
    bundle.add_argument("package", type=Path)
    bundle.add_argument("--attach", action="append", default=[], metavar="FILE.pdf[=TITLE]",
                        help="a PDF to add after the package, in the order given (SF-50, certificates...)")
    bundle.add_argument("-o", "--output", required=True, type=Path, help="the submission PDF")

    report = sub.add_parser("report", help="one row per package, as CSV, a self-contained HTML page or a PDF")
    report.add_argument("packages", nargs="+", type=Path)
    report.add_argument("-o", "--output", required=True, type=Path, help="OUT.csv, OUT.html or OUT.pdf")
    report.add_argument("--jobs", type=_positive, default=None,
                        help="check in N processes (default: the number of CPUs)")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:  # a file name that is not valid UTF-8 must still print, escaped
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    args = build_parser().parse_args(argv)
    output = sys.stdout = PipeSafeOutput(sys.stdout)
    try:
        if args.sample or args.command in (None, "gui"):
            return _run_gui(args)
        handler = _COMMANDS[args.command]
        return handler(args)
    except EcqError as exc:
        # a file or a name in the message may hold a line break or a direction control
        print(f"ecqwriter: {shown(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except MemoryError:
        print("ecqwriter: out of memory; no file was changed", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: still one line and exit 2, never "not ready" (1)
        print(f"ecqwriter: unexpected error ({type(exc).__name__}: {str(exc)[:200]}); files are only "
              "ever replaced whole, so none was left half-written. Please report this", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        if output.closed_early:
            print("ecqwriter: the output was closed before it was all read (broken pipe); "
                  "the command itself finished", file=sys.stderr)
        sys.stdout = output._stream


def _run_gui(args) -> int:
    from ecqwriter.gui.app import no_display_problem, run_app

    problem = no_display_problem()
    if problem:  # Qt would abort the process (exit 134) with its own xcb message
        raise EcqError(problem)

    package = getattr(args, "package", None)
    return run_app(package=package, sample=args.sample)


def _cmd_frameworks(args) -> int:
    from ecqwriter.core.frameworks import load_all_frameworks

    frameworks = load_all_frameworks()
    if args.json:
        print(json.dumps([f.to_json() for f in frameworks], indent=2))
        return EXIT_OK
    for f in frameworks:
        until = f.effective_until.isoformat() if f.effective_until else "in force"
        flag = "  (some facts unconfirmed)" if f.has_unconfirmed_facts() else ""
        print(f"{f.id:10} {f.name}  [{f.effective_from.isoformat()} to {until}]{flag}")
        print(f"{'':10} ECQs: {', '.join(f.ecq_ids)}")
    return EXIT_OK


def _cmd_new(args) -> int:
    from ecqwriter.application.documents import create_package

    package = create_package(args.package, args.criterion, args.framework, args.candidate,
                             application_format=args.application_format)
    print(f"created {args.package} (criterion {args.criterion}, {package.framework_id}, "
          f"format {package.application_format})")
    return EXIT_OK


def _cmd_import_resume(args) -> int:
    from ecqwriter.application.resume_import import import_resume

    resume = import_resume(args.package, args.resume)
    if isinstance(resume, str):  # a Word résumé: its text, to structure in the window
        print(f"{args.package}: résumé text imported from {args.resume} ({plural(len(resume.split()), 'word')}); "
              "open the package and choose Structure this résumé to move it into fields")
        return EXIT_OK
    bullets = sum(len(job.accomplishments) for job in resume.experience)
    print(f"{args.package}: résumé of {shown(resume.name)} imported ({plural(len(resume.experience), 'job')}, "
          f"{plural(bullets, 'accomplishment')})")
    return EXIT_OK


def _cmd_convert(args) -> int:
    from ecqwriter.application.convert import convert_package
    from ecqwriter.core.frameworks import load_framework

    done = convert_package(args.package, args.framework, args.output)
    if args.json:
        print(json.dumps(done.to_json(), indent=2, ensure_ascii=False))
        return EXIT_OK
    target = load_framework(done.to_framework)
    print(f"wrote {done.output} ({done.to_framework}, format {target.default_format}); {args.package} is unchanged")
    for move in done.moves:
        also = f"; also reads as {', '.join(target.ecq_name(e) for e in move.also)}" if move.also else ""
        print(f"  {shorten(move.title, 60)}: {move.from_ecq} -> {target.ecq_name(move.to_ecq)} "
              f"({move.confidence:.0%}{also})")
    for ecq_id, closest in done.without_equivalent.items():
        names = ", ".join(f"{shorten(title, 50)} ({p:.0%})" for title, p in closest) or "none yet"
        which = "the closest story is" if len(closest) == 1 else "the closest stories are"
        print(f"  {target.ecq_name(ecq_id)} has no equivalent in {done.from_framework}: {which} "
              f"{names}. Check that it shows the ECQ, or write a story that does.")
    for ecq_id in done.empty:
        print(f"  {target.ecq_name(ecq_id)}: no story was assigned to it.")
    print("Read each assignment in the window; where the analysis chose wrongly, copy the story under the right ECQ.")
    return EXIT_OK


def _cmd_import_text(args) -> int:
    from ecqwriter.application.text_import import import_text_file

    from ecqwriter.application.documents import how_saves_reach

    count = import_text_file(args.package, args.textfile, args.ecq)
    print(f"added {args.textfile} to {args.ecq} in {args.package} (example {count})")
    if note := how_saves_reach(args.package):
        print(f"ecqwriter: note: {args.package}: {note}", file=sys.stderr)
    return EXIT_OK


def _cmd_import_docx(args) -> int:
    from ecqwriter.application import word_import
    from ecqwriter.application.documents import read_package
    from ecqwriter.core.frameworks import load_framework

    framework = load_framework(read_package(args.package).framework_id)
    plan = word_import.plan_for(args.docx, framework, args.assign)
    if args.json:
        print(json.dumps(word_import.plan_to_json(plan, framework, args.docx, bool(args.apply)),
                         indent=2, ensure_ascii=False))
    else:
        print(f"{args.docx}: {len(plan.parts)} part(s)")
        for number, part in enumerate(plan.parts, 1):
            print(f"  {number}. {part.heading or '(text before the first heading)'} -> {part.destination} "
                  f"({len(part.examples)} example(s), {part.word_count()} words)")
        for note in plan.notes + plan.warnings(framework):
            print(f"  note: {note}")
    if not args.apply:
        if not args.json:
            print("preview only: nothing was written (add --apply to import)")
        return EXIT_OK
    outcome = word_import.apply_to_file(plan, args.package, replace=args.replace)
    if not args.json:
        print(f"imported {outcome.examples_added} example(s) and {outcome.comments_added} comment(s) into {args.package}")
    return EXIT_OK


def _cmd_analyze(args) -> int:
    from ecqwriter.application.checking import analyze_text_file

    result = analyze_text_file(args.textfile, args.framework, args.ecq)
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return EXIT_OK
    _print_analysis(args.textfile, result)
    return EXIT_OK


def _print_analysis(path, result) -> None:
    framework = result.framework
    stats = result.stats
    print(f"{path}: {stats['words']} words, {stats['paragraphs']} paragraphs, "
          f"about {stats['est_pages']:.1f} pages ({framework.id})")
    print("  Which ECQ it reads as (likelihood):")
    for ecq in framework.ecqs:
        likelihood = result.ecq_probabilities.get(ecq.id, 0.0)
        bar = "#" * round(likelihood * 20)
        marker = " <- best" if ecq.id == result.best_ecq else ""
        print(f"  {ecq.name:44} {likelihood:.2f} {bar}{marker}")
    print("  CCAR: " + " / ".join(p.label for p in result.paragraphs))
    for finding in result.findings:
        where = f"paragraph {finding.paragraph + 1}" if finding.paragraph is not None else "narrative"
        print(f"  [{finding.severity}] {finding.rule} ({where}): {finding.message}")


def _cmd_check(args) -> int:
    from ecqwriter.application.checking import check_paths, default_jobs, expand_paths

    # only the small JSON of each report is kept, and text reports are printed as they
    # come, so memory stays flat over hundreds of packages
    paths = expand_paths(args.packages)
    emit = JsonArrayWriter() if args.json else None
    progress = Progress(len(paths), "checking")

    def on_outcome(outcome) -> None:
        progress.step()
        if outcome.problem:
            progress.clear()
            print(f"ecqwriter: {shown(outcome.problem)}", file=sys.stderr)
            if emit:
                emit({"schema": "ecqwriter.check/1", "package": str(outcome.path), "ready": False,
                      "error": outcome.row.problem})
        elif emit:
            emit(outcome.json)
        else:
            progress.clear()
            print(outcome.text)

    unusable, all_ready = check_paths(paths, on_outcome, jobs=args.jobs or default_jobs())
    progress.clear()
    if emit:
        emit.close()
    if unusable:
        return EXIT_BAD_INPUT
    return EXIT_OK if all_ready else EXIT_NOT_READY


def _cmd_report(args) -> int:
    from ecqwriter.application.checking import check_paths, default_jobs, expand_paths
    from ecqwriter.application.reports import write_report

    paths = expand_paths(args.packages)
    rows = []
    progress = Progress(len(paths), "checking")

    def on_outcome(outcome) -> None:
        progress.step()
        rows.append(outcome.row)
        if outcome.problem:
            progress.clear()
            print(f"ecqwriter: {shown(outcome.problem)}", file=sys.stderr)

    unusable, all_ready = check_paths(paths, on_outcome, jobs=args.jobs or default_jobs())
    progress.clear()
    written = write_report(rows, args.output)
    print(f"wrote {written} ({plural(len(rows), 'package')}: {sum(r.ready for r in rows)} ready)")
    if unusable:
        return EXIT_BAD_INPUT
    return EXIT_OK if all_ready else EXIT_NOT_READY


def _cmd_bundle(args) -> int:
    from ecqwriter.application.bundling import bundle_package, parse_attach

    done = bundle_package(args.package, [parse_attach(value) for value in args.attach], args.output)
    for line in done.removed:  # a warning, not a failure: the submission is written without it
        print(line, file=sys.stderr)
    attached = sum(done.attachment_pages)
    print(f"wrote {done.path} ({plural(done.total_pages, 'page')}: cover {done.cover_pages}, "
          f"package {done.package_pages}, attachments {attached})")
    for title, start, level in done.bookmarks:
        print(f"  {'  ' * level}{shorten(title, 60 - 2 * level):{60 - 2 * level}} page {start}")
    for problem in done.over_limits:
        print(f"  OVER THE LIMIT: {problem}")
    return EXIT_OK if done.within_limits else EXIT_NOT_READY


def _cmd_sample(args) -> int:
    from ecqwriter.application.documents import sample_names, write_sample

    if args.list or args.name is None:
        for name, description in sample_names():
            print(f"{name}  {description}")
        return EXIT_OK
    if args.output is None:
        raise EcqError("say where to write the copy: ecqwriter sample NAME -o PACKAGE.ecq")
    write_sample(args.name, args.output)
    print(f"wrote {args.output}: a copy of the sample {args.name}")
    return EXIT_OK


def _cmd_repair(args) -> int:
    from ecqwriter.application.documents import repair

    report = repair(args.package, args.output)
    print(f"wrote {report.destination}: the data of {report.source}, which was left untouched")
    for table, rows in sorted(report.rows_copied.items()):
        print(f"  {table}: {rows} row(s)")
    for thing in report.left_behind:
        print(f"  left behind: {thing}")
    return EXIT_OK


def _cmd_export(args) -> int:
    from ecqwriter.application.exporting import ExportOptions, export_file, report_to_json

    scope = args.ecq or ("narratives" if args.narratives_only else "package")
    comments = "all" if args.comments and args.resolved else "open" if args.comments else "none"
    options = ExportOptions(font_size=args.font_size, margin_inches=args.margin, scope=scope, part=args.part,
                            accessible_pdf=args.accessible, comments=comments,
                            replace_read_only=args.replace_read_only)
    report = export_file(args.package, args.output, options)
    if args.json:
        print(json.dumps(report_to_json(report, str(args.package)), indent=2, ensure_ascii=False))
    else:
        print(f"wrote {report.path} ({plural(report.total_pages, 'page')})")
        for section in report.sections:
            limit = f" of {section.limit:g}" if section.limit is not None else ""
            flag = "  OVER THE LIMIT" if section.over else ""
            pages = "page" if section.pages == 1 and section.limit in (None, 1) else "pages"
            print(f"  {shorten(section.title, 50):50} {section.pages}{limit} {pages}{flag}")
        for problem in report.over_limits:
            print(f"ecqwriter: over the page limit: {problem}", file=sys.stderr)
        for gap in report.missing_fields:
            print(f"ecqwriter: USAJOBS asks for it: {gap}", file=sys.stderr)
        for note in report.notes:
            print(f"  note: {note}")
    return EXIT_OK if report.ready_to_submit else EXIT_NOT_READY


_COMMANDS = {
    "export": _cmd_export,
    "frameworks": _cmd_frameworks,
    "new": _cmd_new,
    "import-resume": _cmd_import_resume,
    "convert": _cmd_convert,
    "import-text": _cmd_import_text,
    "import-docx": _cmd_import_docx,
    "analyze": _cmd_analyze,
    "check": _cmd_check,
    "report": _cmd_report,
    "bundle": _cmd_bundle,
    "repair": _cmd_repair,
    "sample": _cmd_sample,
}

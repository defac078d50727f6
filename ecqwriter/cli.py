"""The ``ecqwriter`` command line (interface fixed by shared/contracts.md).

Every command calls the same core as the GUI. Errors the user can act on end with exit
status 2 and one line on standard error naming the file and the problem, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ecqwriter import __version__
from ecqwriter.core.errors import EcqError

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
    new.add_argument("--candidate", default="")

    imp = sub.add_parser("import-text", help="add a text file as a narrative example")
    imp.add_argument("package", type=Path)
    imp.add_argument("--ecq", required=True)
    imp.add_argument("textfile", type=Path)

    analyze = sub.add_parser("analyze", help="analyse one plain-text narrative")
    analyze.add_argument("textfile", type=Path)
    analyze.add_argument("--framework", default="opm-2006")
    analyze.add_argument("--ecq", default=None)
    analyze.add_argument("--json", action="store_true")

    check = sub.add_parser("check", help="QRB readiness report for packages")
    check.add_argument("packages", nargs="+", type=Path)
    check.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.sample or args.command in (None, "gui"):
            return _run_gui(args)
        handler = _COMMANDS[args.command]
        return handler(args)
    except EcqError as exc:
        print(f"ecqwriter: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _run_gui(args) -> int:
    from ecqwriter.gui.app import run_app

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
    from ecqwriter.core.frameworks import load_framework
    from ecqwriter.core.model import Package
    from ecqwriter.storage.packagefile import PackageFile

    framework = load_framework(args.framework)
    package = Package.new(args.criterion, framework, args.candidate)
    PackageFile.create(args.package, package, lock=False).close()
    print(f"created {args.package} (criterion {args.criterion}, {framework.id})")
    return EXIT_OK


def _cmd_import_text(args) -> int:
    from ecqwriter.core.errors import EcqError as _E
    from ecqwriter.core.frameworks import load_framework
    from ecqwriter.core.model import Example
    from ecqwriter.core.textimport import read_text_file
    from ecqwriter.storage.packagefile import PackageFile

    text = read_text_file(args.textfile)
    example = Example(title=args.textfile.stem)
    example.text = text
    if not example.paragraphs:
        raise _E("the file has no text to import", args.textfile)
    with PackageFile.open(args.package) as opened:
        package = opened.package
        framework = load_framework(package.framework_id)
        if args.ecq not in framework.ecq_ids:
            raise _E(
                f"'{args.ecq}' is not an ECQ of {framework.id} "
                f"(choose one of: {', '.join(framework.ecq_ids)})",
                args.package,
            )
        package.narrative(args.ecq).examples.append(example)
        opened.save(package)
        count = len(package.narrative(args.ecq).examples)
    print(f"added {args.textfile} to {args.ecq} in {args.package} (example {count})")
    return EXIT_OK


_COMMANDS = {
    "frameworks": _cmd_frameworks,
    "new": _cmd_new,
    "import-text": _cmd_import_text,
}

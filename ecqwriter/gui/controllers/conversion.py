"""Converting the open package to another ECQ framework from the window: the analysis's
plan shown for the candidate to confirm or change, then a new package written beside it."""

from __future__ import annotations

from ecqwriter.application.convert import plan_conversion, write_conversion
from ecqwriter.core.errors import EcqError
from ecqwriter.core.frameworks import available_framework_ids, load_framework
from ecqwriter.gui.dialogs.convert import ConvertDialog
from ecqwriter.gui.host import WindowHost


class ConversionController:
    def __init__(self, window: WindowHost):
        self.window = window
        # shows the dialog and says whether the candidate pressed Convert (tests answer it)
        self.run_dialog = lambda dialog: bool(dialog.exec())

    def other_frameworks(self) -> list[str]:
        w = self.window
        current = w.state.session.package.framework_id if w.state.session is not None else None
        return [fid for fid in available_framework_ids() if fid != current]

    def fill_menu(self, menu) -> None:
        """One entry per other framework, named as its pack names it."""
        menu.clear()
        for framework_id in self.other_frameworks():
            try:
                name = load_framework(framework_id).name
            except EcqError:
                continue
            action = menu.addAction(f"{name} ({framework_id})…")
            action.triggered.connect(lambda _=False, fid=framework_id: self.convert(fid))
        if self.window.state.session is None:
            for action in menu.actions():
                action.setEnabled(False)

    def convert(self, to_framework: str | None = None) -> bool:
        """Plan, confirm, write; then offer to open the new package. The open package is saved
        first, since the plan is read from its file, and is never changed."""
        w = self.window
        if w.state.session is None:
            return False
        targets = self.other_frameworks()
        to_framework = to_framework or (targets[0] if targets else None)
        if to_framework is None:
            w.warn("Nothing to convert to", "No other ECQ framework is installed.")
            return False
        if w.state.session.dirty and not w.state.session.read_only and not w.documents.save():
            return False
        source = w.state.session.path
        try:
            plan = plan_conversion(source, to_framework)
        except EcqError as exc:
            w.warn("Cannot convert the package", str(exc))
            return False
        target = load_framework(to_framework)
        dialog = ConvertDialog(w, plan, w.state.framework, target, source.with_name(f"{source.stem}-{to_framework}.ecq"))
        if not self.run_dialog(dialog):
            return False
        try:
            done = write_conversion(plan, dialog.output_path())
        except EcqError as exc:
            w.warn("Cannot write the new package", str(exc))
            return False
        w.show_status(f"Wrote {done.output.name} on {target.name}; {source.name} is unchanged.", 8000)
        if w.ask("Package converted", f"The new package is {done.output}.\n\nOpen it now?"):
            w.documents.open_path(done.output)
        return True

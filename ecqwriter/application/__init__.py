"""The application layer: what a user can do with packages, for the CLI and the GUI alike.

It is the only place that knows how storage, analysis, importing and export fit together,
and the one place that validates what a user asked for (an ECQ id, an import assignment)
and turns it into a clear error naming the file. It has no Qt: the command line and the
window both drive it, and neither reaches below it.

- ``documents``: create, read, open for editing, recover and repair packages; samples;
- ``checking``: analyse a text, check packages (one or a batch), the rule catalogue;
- ``word_import`` and ``text_import``: bring drafts in;
- ``exporting``: Word and PDF with their page reports.
"""

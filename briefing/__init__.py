"""briefing: structured descriptions of news events in, printable multilingual PDFs out.

    cli          the thin Click layer
    workspace    where things are: the tool's resources and the user's workspace
    errors       user errors (clean messages) as opposed to bugs
    pipeline/    the stages, in order: load, model, validate, localize, render, pdf, write; build runs them
    translation/ the catalogs: reading them for a build, extracting and merging them for translators

docs/architecture.md shows the one path a text takes through them.
"""

__version__ = "0.9.1"

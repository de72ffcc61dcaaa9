"""briefing: structured descriptions of news events in, printable multilingual PDFs out.

The pipeline, one module per stage:

    loader     read the file, parse YAML with positions          -> Document
    model      validate into a typed Briefing (pydantic)          -> Briefing
    validate   positions, cross-references, friendly messages     -> Briefing | InputError
    dates      EDTF partial dates: parse, sort, describe precision
    localize   pick texts, format dates and numbers per locale    -> Edition
    render     Jinja2 templates to HTML                           -> str
    pdf        WeasyPrint: HTML to PDF bytes                      -> bytes
    output     atomic writes into the output folder
    build      runs the stages for each briefing and language
    cli        the thin Click layer
"""

__version__ = "0.1.0"

"""The pipeline, one module per stage, in the order a briefing goes through them:

load        read the file, parse YAML with positions            -> Document
model       what a briefing is (pydantic); vocabulary, dates    -> Briefing
validate    positions, cross-references, friendly messages      -> Briefing | InputError
texts       every text of a briefing and where it sits (the walker)
localize    pick texts, format dates and numbers per locale     -> Edition
            (phrases: which message each form of date uses)
render      Jinja2 templates to HTML                            -> str
            (hyphenation: where lines may break in a text)
pdf         WeasyPrint: HTML to PDF bytes (fonts: what is installed)
write       atomic writes into the output folder
build       runs the stages for each briefing and language
"""

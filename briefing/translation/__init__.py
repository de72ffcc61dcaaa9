"""Translation: the gettext catalogs.

catalogs    reading the interface and content catalogs a build uses (checked by GNU msgfmt)
checks      what a translation must keep of its source: numbers, links, placeholders
extraction  the templates: interface messages from code and templates, a briefing's texts
workflow    the translators' commands: extract, init, update, stats
"""

"""Drafting a briefing from articles: proposals of each kind of item, each with its passage, assembled as a draft.

`quotes` finds direct quotations and `speakers` attributes them and groups
the speakers into actors; `figures`, `chronology` and `facts` propose those
items from an article's text, with the exact passage each comes from. None
of them writes files or decides for the editor: `draft` assembles the
proposals into a briefing whose every item is marked `draft`, and
`workspace` turns the command line's sources into archives and writes the
draft without clobbering anything.
"""

"""Drafting: from archived articles to a draft briefing whose every item carries its evidence.

`quotes` finds direct quotations, `speakers` attributes them and groups the
speakers into actors, `draft` assembles the briefing and marks each proposed
item `draft` for the editor; `workspace` turns the command line's sources
into archives and writes the draft without clobbering anything.
"""

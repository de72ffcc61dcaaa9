"""Drafting a briefing from articles: proposals of figures, chronology entries, facts and statements.

Each module proposes one kind of item from an article's text, with the exact passage it comes
from; nothing here writes files or decides for the editor (`draft` composes the proposals).
"""

"""Reading news text: sentences, counted numbers and dates, each with exact offsets into the text.

These are the primitives that drafting (`briefing.drafting`) proposes items from and that
`briefing verify` checks items against. They are pure functions of a text and its language
(`en` or `sq`; any other language gets the language-independent part: digits and ISO dates),
and every offset they return slices the original text verbatim.
"""

# Reading costs about 5 to 10 seconds per megabyte of text (docs/benchmarks.md, "Drafting from
# articles"); an article is 5 to 50 kB. Callers refuse a text beyond this, saying so, rather
# than spend minutes on what is not an article.
MAX_TEXT_CHARACTERS = 500_000

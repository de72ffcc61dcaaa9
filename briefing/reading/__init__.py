"""Reading news text: sentences, counted numbers and dates, each with exact offsets into the text.

These are the primitives that drafting (`briefing.drafting`) proposes items from and that
`briefing verify` checks items against. They are pure functions of a text and its language
(`en` or `sq`; any other language gets the language-independent part: digits and ISO dates),
and every offset they return slices the original text verbatim.
"""

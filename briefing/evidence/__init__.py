"""Evidence: a briefing held to its archived sources (`briefing verify`).

`matching` says when two texts are the same words and how a near miss
differs; `speakers` who a passage gives as the speaker; `verify` is the pure
check (a Briefing and archives in, findings out); `check` reads the files and
locates the findings.
"""

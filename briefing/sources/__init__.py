"""Archived sources: the articles a briefing is checked against, kept in the workspace's `sources/`.

`archive` is the file format (pure), `store` reads and writes the files of a
workspace, `extract` turns a saved page or a text file into an archive (pure),
`fetch` is the one module of the tool that goes to the network, and `add` is
`briefing source add`, which joins them and completes a briefing's `sources:`.
"""

"""`mss report`: the checked data as one self-contained HTML page, for readers without a terminal.

`build` assembles the page from the same queries and views the command line answers with; `charts`
draws its charts (matplotlib, SVG); `templates/` holds the page and its stylesheet. Needs the
`report` extra (jinja2, matplotlib): only the report command imports this package.
"""

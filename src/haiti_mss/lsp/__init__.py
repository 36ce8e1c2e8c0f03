"""`mss lsp`: the language server, a front-end over the same Workspace as `mss check` (extra `lsp`).

`server` speaks the protocol (pygls); `datasets` says which data a document belongs to and turns a
check into diagnostics and facts; `features` answers hover, completion and go to definition;
`actions` offers code actions; `documents` reads the record at the cursor; `text` converts
positions between mss's lines and columns and the client's encoding.
"""

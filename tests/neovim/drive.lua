-- Drives `mss lsp` from headless Neovim (0.7.2 and later), after the README's setup has been
-- loaded: it opens MSS_TEST_FILE, records every publishDiagnostics as received, asks for a hover,
-- a definition and a code action, applies the action's edit as Neovim applies edits, makes an edit
-- of its own, and writes what it saw to MSS_TEST_OUT as JSON. tests/test_lsp_neovim.py reads it.
local result = {}
local received = {} -- uri -> every publishDiagnostics params, in order

local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
  received[params.uri] = received[params.uri] or {}
  table.insert(received[params.uri], params)
  return default_handler(err, params, ctx, config)
end

local function finish()
  local out = assert(io.open(os.getenv('MSS_TEST_OUT'), 'w'))
  out:write(vim.fn.json_encode(result))
  out:close()
  vim.cmd('qa!')
end

local function latest(uri)
  local all = received[uri]
  return all and all[#all] or nil
end

local function codes(diagnostics)
  local found = {}
  for _, diagnostic in ipairs(diagnostics) do
    table.insert(found, { diagnostic.code, diagnostic.range.start.line, diagnostic.range.start.character })
  end
  return found
end

local function request(bufnr, method, params)
  local responses = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
  for _, response in pairs(responses or {}) do
    if response.err then return { error = response.err.message } end
    return response.result
  end
  return { error = 'no response' }
end

-- nested: the :edit below must fire the FileType autocommand of the README's setup.
vim.api.nvim_create_autocmd('VimEnter', { nested = true, callback = function()
  local ok, failure = pcall(function()
    vim.cmd('edit ' .. os.getenv('MSS_TEST_FILE'))
    local bufnr = vim.api.nvim_get_current_buf()
    local uri = vim.uri_from_bufnr(bufnr)
    if not vim.wait(20000, function() return latest(uri) ~= nil end, 10) then
      error('no diagnostics after opening the file')
    end
    result.clients = vim.tbl_count(vim.lsp.buf_get_clients(bufnr))
    result.opened = codes(latest(uri).diagnostics)
    result.shown = vim.diagnostic.get(bufnr) -- Neovim's own: columns in bytes
    local client = vim.lsp.buf_get_clients(bufnr)[next(vim.lsp.buf_get_clients(bufnr))]
    result.encoding = client.offset_encoding

    local where = function(line, character)
      return { textDocument = { uri = uri }, position = { line = line, character = character } }
    end
    local hover = request(bufnr, 'textDocument/hover', where(9, 14))
    result.hover = hover and hover.contents and hover.contents.value or hover
    result.definition = request(bufnr, 'textDocument/definition', where(9, 14))

    -- The quick fix for the broken quote, applied as Neovim applies a workspace edit.
    local broken = latest(uri).diagnostics[1]
    local actions = request(bufnr, 'textDocument/codeAction', {
      textDocument = { uri = uri }, range = broken.range, context = { diagnostics = { broken } },
    })
    result.action = actions[1] and actions[1].title
    local before = #received[uri]
    vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
    if not vim.wait(20000, function() return #received[uri] > before end, 10) then
      error('no diagnostics after the quick fix')
    end
    result.fixed = codes(latest(uri).diagnostics)

    -- An edit of its own, after the emoji: the personnel of the one-line claim, 1200 to 1000.
    local line = vim.api.nvim_buf_get_lines(bufnr, 15, 16, false)[1]
    local at = string.find(line, '1200', 1, true)
    before = #received[uri]
    vim.api.nvim_buf_set_text(bufnr, 15, at - 1, 15, at + 3, { '1000' })
    if not vim.wait(20000, function() return #received[uri] > before end, 10) then
      error('no diagnostics after the edit')
    end
    result.edited = codes(latest(uri).diagnostics)
    result.buffer = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)

    -- A YAML file of the project that is not data gets no diagnostics.
    vim.cmd('edit ' .. os.getenv('MSS_TEST_OTHER'))
    vim.wait(500)
    result.other = received[vim.uri_from_bufnr(vim.api.nvim_get_current_buf())] or vim.NIL
  end)
  if not ok then result.error = tostring(failure) end
  finish()
end })

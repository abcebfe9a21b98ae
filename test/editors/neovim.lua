-- Drives Neovim's own LSP client, configured by README.md's block (loaded as init.lua),
-- through the checks of test/editors/neovim.test.ts. Each check appends one JSON line
-- {name, ok, detail} to $CW_RESULTS as soon as it is decided, so a hang still leaves
-- the earlier results. Written for Neovim 0.7 (no vim.fs, vim.lsp.start optional).
local files = vim.json and vim.json.decode(os.getenv('CW_FILES')) or vim.fn.json_decode(os.getenv('CW_FILES'))
local results = assert(io.open(os.getenv('CW_RESULTS'), 'a'))
local timeout = 20000

local function report(name, ok, detail)
  results:write(vim.fn.json_encode({ name = name, ok = ok and true or false, detail = detail or '' }) .. '\n')
  results:flush()
end

local function wait(pred)
  return vim.wait(timeout, function()
    local ok, v = pcall(pred)
    return ok and v
  end, 50)
end

local function diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    out[#out + 1] = { code = code, severity = d.severity, lnum = d.lnum }
  end
  return out
end

local function find(bufnr, code)
  for _, d in ipairs(diagnostics(bufnr)) do
    if d.code == code then return d end
  end
end

local function codes(bufnr)
  local c = {}
  for _, d in ipairs(diagnostics(bufnr)) do c[#c + 1] = tostring(d.code) .. '@' .. d.lnum .. '/' .. d.severity end
  return table.concat(c, ', ')
end

local function client_of(bufnr)
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == 'certwright' then return c end
  end
end

local function request(bufnr, method, params)
  local answers = vim.lsp.buf_request_sync(bufnr, method, params, timeout)
  for _, a in pairs(answers or {}) do
    if a.result then return a.result end
  end
end

local function position(bufnr, line, character)
  return { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = character } }
end

local function hover_text(result)
  if not result then return '' end
  return table.concat(vim.lsp.util.convert_input_to_markdown_lines(result.contents), '\n')
end

local function check(name, fn)
  local ok, err = pcall(fn)
  if not ok then report(name, false, tostring(err)) end
end

-- my.cnf: not an OpenSSL config, never sent to the server.
check('my.cnf is not mapped to the server', function()
  vim.cmd('edit ' .. vim.fn.fnameescape(files.myCnf))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.wait(1500, function() return false end, 50)
  local ft = vim.bo[bufnr].filetype
  report('my.cnf is not mapped to the server', ft ~= 'opensslconf' and client_of(bufnr) == nil, 'filetype=' .. ft .. ', client=' .. tostring(client_of(bufnr) ~= nil))
end)

vim.cmd('edit ' .. vim.fn.fnameescape(files.cnf))
local cnf = vim.api.nvim_get_current_buf()

check('openssl.cnf: diagnostics', function()
  local ok = wait(function() return find(cnf, 'CNF-050') and find(cnf, 'REQ-008') end)
  report('openssl.cnf: diagnostics', ok and vim.bo[cnf].filetype == 'opensslconf', 'filetype=' .. vim.bo[cnf].filetype .. '; ' .. codes(cnf))
end)

check('openssl.cnf: hover', function()
  local text = hover_text(request(cnf, 'textDocument/hover', position(cnf, 3, 3)))
  report('openssl.cnf: hover', text:find('distinguished_name', 1, true) ~= nil, text:sub(1, 300))
end)

check('openssl.cnf: completion inserts plain text', function()
  local last = vim.api.nvim_buf_line_count(cnf)
  vim.api.nvim_buf_set_lines(cnf, last, last, false, { '[ v3_ca ]', 'basicConstraints = critical, CA:TRUE, pathl' })
  local line = last + 1
  local col = #'basicConstraints = critical, CA:TRUE, pathl'
  local result = request(cnf, 'textDocument/completion', position(cnf, line, col))
  local items = result and (result.items or result) or {}
  local pick
  for _, item in ipairs(items) do
    if item.label:sub(1, 5) == 'pathl' then pick = item end
  end
  assert(pick, 'no pathlen completion among ' .. #items .. ' items')
  -- What Neovim's completion menu would offer, by Neovim's own conversion.
  local words = {}
  for _, ci in ipairs(vim.lsp.util.text_document_completion_list_to_complete_items(result, 'pathl')) do words[#words + 1] = ci.word end
  vim.lsp.util.apply_text_edits({ pick.textEdit }, cnf, 'utf-16')
  local text = vim.api.nvim_buf_get_lines(cnf, line, line + 1, false)[1]
  report('openssl.cnf: completion inserts plain text', pick.insertTextFormat ~= 2 and text:sub(-9) == 'pathlen:0' and pick.command == nil,
    'line=' .. text .. '; format=' .. tostring(pick.insertTextFormat) .. '; menu=' .. table.concat(words, ' '))
end)

check('openssl.cnf: quick fix applied', function()
  local d = find(cnf, 'REQ-008')
  assert(d, 'no REQ-008: ' .. codes(cnf))
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, 0 })
  local offered = {}
  -- The user picks "Add 'prompt = no'" in the code action menu.
  vim.ui.select = function(items, opts, on_choice)
    for _, it in ipairs(items) do
      local title = it[2].title
      offered[#offered + 1] = title
      if title:find('prompt = no', 1, true) then return on_choice(it) end
    end
    on_choice(nil)
  end
  vim.lsp.buf.code_action({ only = { 'quickfix' } })
  local ok = wait(function()
    local all = table.concat(vim.api.nvim_buf_get_lines(cnf, 0, -1, false), '\n')
    return all:find('prompt = no', 1, true) and not find(cnf, 'REQ-008')
  end)
  report('openssl.cnf: quick fix applied', ok, 'offered: ' .. table.concat(offered, ' | ') .. '; ' .. codes(cnf))
end)

check('openssl.cnf: severity from settings', function()
  local client = assert(client_of(cnf), 'no client')
  client.config.settings.certwright.rules['CNF-050'] = 'error'
  client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
  local ok = wait(function()
    local d = find(cnf, 'CNF-050')
    return d and d.severity == vim.diagnostic.severity.ERROR
  end)
  report('openssl.cnf: severity from settings', ok, codes(cnf))
end)

check('openssl.cnf: refreshed after the included file appears on disk', function()
  local f = assert(io.open(files.extraCnf, 'w'))
  f:write('# created by the test\n')
  f:close()
  local ok = wait(function() return find(cnf, 'REQ-008') == nil and find(cnf, 'CNF-050') == nil end)
  report('openssl.cnf: refreshed after the included file appears on disk', ok, codes(cnf))
end)

vim.cmd('edit ' .. vim.fn.fnameescape(files.pem))
local pem = vim.api.nvim_get_current_buf()

check('PEM: diagnostics and hover', function()
  local ok = wait(function() return find(pem, 'PEM-EXPIRING') end)
  local text = hover_text(request(pem, 'textDocument/hover', position(pem, 1, 1)))
  report('PEM: diagnostics and hover', ok and vim.bo[pem].filetype == 'pem' and text:find('soon · ', 1, true) ~= nil,
    'filetype=' .. vim.bo[pem].filetype .. '; ' .. codes(pem) .. '; hover=' .. text:sub(1, 200))
end)

vim.cmd('edit ' .. vim.fn.fnameescape(files.toml))
local toml = vim.api.nvim_get_current_buf()

check('DM TOML: diagnostics and hover', function()
  local ok = wait(function() return find(toml, 'DM-019') end)
  local text = hover_text(request(toml, 'textDocument/hover', position(toml, 4, 2)))
  report('DM TOML: diagnostics and hover', ok and text:find('ssl-ca', 1, true) ~= nil, codes(toml) .. '; hover=' .. text:sub(1, 200))
end)

check('DM TOML: refreshed after the certificate changes on disk', function()
  local src = assert(io.open(files.otherCert, 'rb'))
  local bytes = src:read('*a')
  src:close()
  local dst = assert(io.open(files.dmCert, 'wb'))
  dst:write(bytes)
  dst:close()
  local ok = wait(function() return find(toml, 'DM-019') == nil end)
  report('DM TOML: refreshed after the certificate changes on disk', ok, codes(toml))
end)

vim.cmd('edit ' .. vim.fn.fnameescape(files.crdbKey))
local key = vim.api.nvim_get_current_buf()

check('CockroachDB key: the chmod quick fix runs', function()
  assert(wait(function() return find(key, 'CRDB-021') end), 'no CRDB-021: ' .. codes(key))
  vim.api.nvim_win_set_cursor(0, { find(key, 'CRDB-021').lnum + 1, 0 })
  local offered = {}
  -- The user picks "Set node.key to 0600": a code action whose command Neovim sends back to the server.
  vim.ui.select = function(items, opts, on_choice)
    for _, it in ipairs(items) do
      local title = it[2].title
      offered[#offered + 1] = title
      if title:find('0600', 1, true) then return on_choice(it) end
    end
    on_choice(nil)
  end
  vim.lsp.buf.code_action({ only = { 'quickfix' } })
  local ok = wait(function() return vim.loop.fs_stat(files.crdbKey).mode % 512 == 384 and find(key, 'CRDB-021') == nil end)
  report('CockroachDB key: the chmod quick fix runs', ok,
    string.format('mode=%o; offered: %s; %s', vim.loop.fs_stat(files.crdbKey).mode % 512, table.concat(offered, ' | '), codes(key)))
end)

results:close()
vim.cmd('qa!')

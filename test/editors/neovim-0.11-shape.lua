-- README's Neovim 0.11 block cannot run in Neovim 0.7 (no vim.lsp.config): this runs
-- it against recording stand-ins for vim.filetype.add / vim.lsp.config / vim.lsp.enable
-- and checks what it would configure, including the my.cnf decision on real buffers.
local results = assert(io.open(os.getenv('CW_RESULTS'), 'a'))
local files = vim.fn.json_decode(os.getenv('CW_FILES'))
local added, configs, enabled = {}, {}, {}
vim.filetype = vim.filetype or {}
vim.filetype.add = function(spec) added[#added + 1] = spec end
vim.lsp.config = function(name, cfg) configs[name] = cfg end
vim.lsp.enable = function(name) enabled[#enabled + 1] = name end
local ok, err = pcall(dofile, os.getenv('CW_BLOCK'))
local problems = {}
if not ok then problems[#problems + 1] = 'block failed: ' .. tostring(err) end
local cfg = configs.certwright or {}
local ext = (added[1] or {}).extension or {}
local function ft_of(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local f = ext.cnf
  if type(f) == 'function' then return f(path, vim.api.nvim_get_current_buf()) end
  return f
end
if enabled[1] ~= 'certwright' then problems[#problems + 1] = 'certwright not enabled' end
if vim.inspect(cfg.cmd) ~= vim.inspect({ 'certwright-language-server', '--stdio' }) then problems[#problems + 1] = 'cmd ' .. vim.inspect(cfg.cmd) end
if vim.inspect(cfg.filetypes) ~= vim.inspect({ 'opensslconf', 'pem', 'toml', 'yaml' }) then problems[#problems + 1] = 'filetypes ' .. vim.inspect(cfg.filetypes) end
if not cfg.get_language_id or cfg.get_language_id(0, 'opensslconf') ~= 'openssl-conf' or cfg.get_language_id(0, 'toml') ~= 'toml' then problems[#problems + 1] = 'language ids' end
if ext.pem ~= 'pem' or ext.key ~= 'pem' or ext.crt ~= 'pem' then problems[#problems + 1] = 'PEM extensions' end
if ft_of(files.cnf) ~= 'opensslconf' then problems[#problems + 1] = 'openssl.cnf not opensslconf' end
if ft_of(files.myCnf) ~= nil then problems[#problems + 1] = 'my.cnf mapped' end
results:write(vim.fn.json_encode({ name = 'README Neovim 0.11 block: what it configures', ok = #problems == 0, detail = table.concat(problems, '; ') }) .. '\n')
results:close()
vim.cmd('qa!')

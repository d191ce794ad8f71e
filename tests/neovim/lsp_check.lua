-- Drives `planbook lsp` from headless Neovim (0.7 API: start_client and
-- buf_attach_client): an edit must show the expected finding on the
-- expected line, and go-to-definition must land on the right file.
-- Exits with status 1 on the first failure (cquit), 0 when all pass.

local plan = vim.env.PLAN
local planbook = vim.env.PLANBOOK

local function fail(message)
  io.stderr:write('neovim lsp check failed: ' .. message .. '\n')
  for _, diagnostic in ipairs(vim.diagnostic.get()) do
    io.stderr:write(string.format('  seen: line %d %s: %s\n', diagnostic.lnum + 1,
      tostring(diagnostic.code), diagnostic.message))
  end
  vim.cmd('cquit 1')
end

local client_id = vim.lsp.start_client({
  name = 'planbook',
  cmd = { planbook, 'lsp', '--today', '2026-01-05' },
  root_dir = plan,
})
if not client_id then fail('the client did not start') end

vim.cmd('edit ' .. plan .. '/tasks/build.md')
local page = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(page, client_id)

local started = vim.wait(15000, function()
  local client = vim.lsp.get_client_by_id(client_id)
  return client ~= nil and client.initialized
end, 50)
if not started then fail('the server did not initialize') end

-- Line 4 is `depends_on: [design]`; a typo there is an unknown dependency.
vim.api.nvim_buf_set_lines(page, 3, 4, false, { 'depends_on: [desing]' })
local reported = vim.wait(15000, function()
  for _, diagnostic in ipairs(vim.diagnostic.get(page)) do
    if diagnostic.code == 'unknown-dependency' and diagnostic.lnum == 3
        and diagnostic.col == 13 and diagnostic.source == 'planbook' then
      return true
    end
  end
  return false
end, 50)
if not reported then fail('no unknown-dependency on line 4, column 14 after the edit') end

-- Fixing it clears the finding.
vim.api.nvim_buf_set_lines(page, 3, 4, false, { 'depends_on: [design]' })
local cleared = vim.wait(15000, function() return #vim.diagnostic.get(page) == 0 end, 50)
if not cleared then fail('the finding did not clear after the fix') end

-- Go to definition on `design` opens tasks/design.md.
vim.api.nvim_win_set_cursor(0, { 4, 15 })
vim.lsp.buf.definition()
local jumped = vim.wait(15000, function()
  return vim.api.nvim_buf_get_name(0):match('tasks/design%.md$') ~= nil
end, 50)
if not jumped then fail('definition did not open tasks/design.md, at ' .. vim.api.nvim_buf_get_name(0)) end

print('neovim lsp check passed')
vim.lsp.stop_client(client_id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd('qall!')

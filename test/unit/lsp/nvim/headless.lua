-- A headless Neovim (Debian's 0.7: vim.lsp.start_client) as a user's editor: it starts
-- `next-cron-routes lsp --stdio`, opens a cron route and the app's vercel.json, waits for a
-- diagnostic and a hover, and writes what it got to $NCR_NVIM_OUT as JSON for the test to read.
-- Every wait is a count of short polls, so a server that never answers ends the run, not the test.
local out_file = assert(os.getenv('NCR_NVIM_OUT'))
local root = assert(os.getenv('NCR_NVIM_ROOT'))
local node = assert(os.getenv('NCR_NODE'))
local cli = assert(os.getenv('NCR_CLI'))
local route_file = assert(os.getenv('NCR_NVIM_ROUTE'))

local MAX_POLLS = 400
local POLL_MS = 50

local result = { diagnostics = {}, hover = vim.NIL, errors = {}, polls = 0 }

local function finish()
  local handle = assert(io.open(out_file, 'w'))
  handle:write(vim.fn.json_encode(result))
  handle:close()
  vim.cmd('qa!')
end

--- Polls `ready` up to MAX_POLLS times, letting Neovim process the server's messages between polls.
local function poll(what, ready)
  for _ = 1, MAX_POLLS do
    result.polls = result.polls + 1
    local value = ready()
    if value then return value end
    vim.wait(POLL_MS)
  end
  table.insert(result.errors, 'no ' .. what .. ' after ' .. MAX_POLLS .. ' polls')
  return nil
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'next-cron-routes',
    cmd = { node, cli, 'lsp', '--stdio' },
    root_dir = root,
    -- Not VS Code: untrusted unless the user opts in (init_options = { trusted = true }).
    init_options = { trusted = false },
    settings = { nextCronRoutes = { plan = 'pro' } },
  })
  if not client_id then error('start_client failed') end

  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. route_file))
  local route_buf = vim.api.nvim_get_current_buf()
  vim.bo[route_buf].filetype = 'typescript'
  vim.lsp.buf_attach_client(route_buf, client_id)

  local diagnostics = poll('diagnostic on ' .. route_file, function()
    local found = vim.diagnostic.get(route_buf)
    return #found > 0 and found or nil
  end)
  for _, d in ipairs(diagnostics or {}) do
    table.insert(result.diagnostics, { code = d.code, message = d.message, lnum = d.lnum, col = d.col, severity = d.severity, source = d.source })
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/vercel.json'))
  local json_buf = vim.api.nvim_get_current_buf()
  vim.bo[json_buf].filetype = 'json'
  vim.lsp.buf_attach_client(json_buf, client_id)
  poll('initialized client', function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client and client.initialized
  end)

  -- The first schedule's position, found in the buffer's own lines.
  local position
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(json_buf, 0, -1, false)) do
    local col = line:find('"schedule": "', 1, true)
    if col then
      position = { line = lnum - 1, character = col + #'"schedule": "' }
      break
    end
  end
  if not position then error('no schedule in vercel.json') end

  local hover = poll('hover on the first schedule', function()
    local answers = vim.lsp.buf_request_sync(json_buf, 'textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(json_buf) }, position = position }, POLL_MS * 20)
    for _, answer in pairs(answers or {}) do
      if answer.result and answer.result.contents then return answer.result.contents end
    end
    return nil
  end)
  if hover then result.hover = type(hover) == 'table' and (hover.value or hover) or hover end
end)

if not ok then table.insert(result.errors, tostring(err)) end
finish()

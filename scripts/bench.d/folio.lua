-- The wrk side of scripts/bench: wrk -t2 -cN -dS --latency -s folio.lua URL -- SCENARIO DATA_DIR [lean]
--
-- DATA_DIR (written by scripts/bench from the seeded database) holds
--   contents.txt  the ids of the contents an anonymous reader may see, one per line
--   chapters.txt  "chapter_id content_id" of the chapters an anonymous reader may see
--   tokens.txt    bearer tokens of seeded users (for the scenarios that write)
-- so every request names something that exists: any non-2xx answer is a fault, counted in
-- response() and reported by done() on one line, `FOLIO_WRK {json}`, that scripts/bench reads.
-- With `lean`, init() removes response() (wrk then neither buffers bodies nor calls Lua per
-- answer, which costs the client a few microseconds a request) and non-2xx is wrk's own count
-- of statuses >= 400.

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end

local scenario, contents, chapters, chapter_content, tokens, auth_headers
non_2xx = 0
statuses = {}

local function read_lines(path)
  local lines = {}
  local file = io.open(path, "r")
  if not file then error("bench: cannot read " .. path) end
  for line in file:lines() do
    if line ~= "" then lines[#lines + 1] = line end
  end
  file:close()
  return lines
end

local function pick(list) return list[math.random(#list)] end

-- ---- requests ---------------------------------------------------------------------------------

local comment_body = '{"body":"A benchmark comment: the chapter was good, the pacing even better."}'

local function get(path) return wrk.format("GET", path) end

local builders = {}
builders["content"] = function() return get("/api/v1/contents/" .. pick(contents)) end
builders["chapters"] = function() return get("/api/v1/contents/" .. pick(contents) .. "/chapters") end
builders["chapter"] = function() return get("/api/v1/chapters/" .. pick(chapters)) end
builders["comments"] = function() return get("/api/v1/chapters/" .. pick(chapters) .. "/comments") end
builders["comment-post"] = function()
  return wrk.format("POST", "/api/v1/chapters/" .. pick(chapters) .. "/comments", pick(auth_headers), comment_body)
end
builders["like"] = function()
  return wrk.format("PUT", "/api/v1/contents/" .. pick(contents) .. "/like", pick(auth_headers))
end
builders["unlike"] = function()
  return wrk.format("DELETE", "/api/v1/contents/" .. pick(contents) .. "/like", pick(auth_headers))
end
builders["progress"] = function()
  local i = math.random(#chapters)
  return wrk.format("PUT", "/api/v1/me/progress/" .. chapter_content[i], pick(auth_headers),
                    '{"chapter_id":' .. chapters[i] .. '}')
end

-- 90 % reads, 10 % writes; scripts/bench.d/bench.py gives its pgbench ceiling the same weights.
local mixed_weights = {
  {"content", 23}, {"chapters", 22}, {"chapter", 22}, {"comments", 23},
  {"like", 3}, {"unlike", 2}, {"comment-post", 2}, {"progress", 3},
}
local mixed_table = {}  -- 100 slots, one builder each
for _, entry in ipairs(mixed_weights) do
  for _ = 1, entry[2] do mixed_table[#mixed_table + 1] = builders[entry[1]] end
end
builders["mixed"] = function() return mixed_table[math.random(#mixed_table)]() end

local build

function init(args)
  scenario = args[1]
  local dir = args[2]
  build = builders[scenario]
  lean = args[3] == "lean"
  if lean then response = nil end
  if not build then error("bench: unknown scenario " .. tostring(scenario)) end
  math.randomseed(os.time() * 7919 + (thread_number or 0) * 104729)
  for _ = 1, 16 do math.random() end

  contents = {}
  for _, line in ipairs(read_lines(dir .. "/contents.txt")) do contents[#contents + 1] = tonumber(line) end
  chapters, chapter_content = {}, {}
  for _, line in ipairs(read_lines(dir .. "/chapters.txt")) do
    local chapter, content = line:match("^(%d+)%s+(%d+)$")
    chapters[#chapters + 1] = tonumber(chapter)
    chapter_content[#chapter_content + 1] = tonumber(content)
  end
  auth_headers = {}
  local token_file = io.open(dir .. "/tokens.txt", "r")
  if token_file then
    for token in token_file:lines() do
      if token ~= "" then
        auth_headers[#auth_headers + 1] = {["Authorization"] = "Bearer " .. token,
                                           ["Content-Type"] = "application/json"}
      end
    end
    token_file:close()
  end
  if #contents == 0 or #chapters == 0 then error("bench: no ids in " .. dir) end
  if #auth_headers == 0 and (scenario == "comment-post" or scenario == "mixed") then
    error("bench: no tokens in " .. dir)
  end
end

function request() return build() end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total, seen = 0, {}
  for _, thread in ipairs(threads) do
    total = total + (thread:get("non_2xx") or 0)
    local counts = thread:get("statuses") or {}
    for status, count in pairs(counts) do seen[status] = (seen[status] or 0) + count end
  end
  if threads[1] and threads[1]:get("lean") then total = summary.errors.status end
  local parts = {}
  for status, count in pairs(seen) do parts[#parts + 1] = string.format('"%d":%d', status, count) end
  local e = summary.errors
  io.write(string.format(
    'FOLIO_WRK {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%.1f,"p90_us":%.1f,"p99_us":%.1f,' ..
    '"p999_us":%.1f,"max_us":%.1f,"mean_us":%.1f,"non_2xx":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean, total, table.concat(parts, ",")))
end

-- wrk script of scripts/chaos overload: GET /api/v1/contents/{id} with ids drawn at random from
-- a file of visible content ids (one per line): wrk … -s content.lua URL -- IDS_FILE
-- No response() hook, so wrk buffers no body and runs no Lua per answer; its "Non-2xx or 3xx
-- responses" line counts the 503s of admission control.

local ids = {}

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then ids[#ids + 1] = line end
  end
  if #ids == 0 then error("chaos: no ids in " .. args[1]) end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", "/api/v1/contents/" .. ids[math.random(#ids)])
end

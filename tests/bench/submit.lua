-- wrk script: POST one prepared story per request (bodies from BODIES, one per line, each used
-- once) and count the acknowledged ones (200 with a receipt code). The counters are globals so
-- that done() can read them from every thread.
bodies = {}
counter = 0
acknowledged = 0
refused = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local n = 0
  for line in io.lines(os.getenv("BODIES")) do
    n = n + 1
    -- Thread k takes every other line, so no story id is sent twice.
    if (n % 2) == id then table.insert(bodies, line) end
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  counter = counter + 1
  local body = bodies[counter]
  if body == nil then
    error("ran out of prepared bodies: make more")
  end
  return wrk.format("POST", "/v/jeugdhulp/vertel", nil, body)
end

function response(status, headers, body)
  if status == 200 and string.find(body, "intrekcode", 1, true) then
    acknowledged = acknowledged + 1
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local ack, bad = 0, 0
  for _, t in ipairs(threads) do
    ack = ack + t:get("acknowledged")
    bad = bad + t:get("refused")
  end
  io.write(string.format("acknowledged %d\nrefused %d\n", ack, bad))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%g %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end

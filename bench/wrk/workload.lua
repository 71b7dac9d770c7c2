-- One bench/run workload for wrk. bench/run describes the request in environment variables:
--   BENCH_METHOD   GET or POST
--   BENCH_BODY     the request body (POST)
--   BENCH_HEADERS  header lines "Name: value", one per line (Cookie, X-CSRF-Token, Origin, ...)
--   BENCH_KEYED    1: every request gets an Idempotency-Key of its own (else every request is the same)
-- Every request is the same; wrk sends it on keep-alive connections and reconnects when a server
-- closes them. The response callback counts every status outside 2xx: wrk's own count lets 3xx
-- through, and a redirect to the sign-in page is not a rendered home page.
-- done() prints one line, "RESULT key=value ...", that bench/run parses (times in microseconds).

wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
if body ~= nil and body ~= "" then wrk.body = body end
for line in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\n]+") do
  local name, value = line:match("^([^:]+):%s*(.-)%s*$")
  if name then wrk.headers[name] = value end
end

local threads = {}
-- Keys must differ between wrk runs too (warm-up, then the measured run, as the same user): a reused key
-- would be answered from what was kept instead of creating a note.
local run = tostring(os.time()) .. "-" .. tostring(math.floor(os.clock() * 1e6))

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

if os.getenv("BENCH_KEYED") == "1" then
  local sent = 0
  function request()
    sent = sent + 1
    wrk.headers["Idempotency-Key"] = string.format('"bench-%s-%d-%d"', run, thread_number, sent)
    return wrk.format()
  end
end

function init(args)
  non2xx = 0
  bad_status = 0
  bad_body = ""
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if bad_status == 0 then
      bad_status = status
      bad_body = (body or ""):sub(1, 300):gsub("%s+", " ")
    end
  end
end

function done(summary, latency, requests)
  local total, status, sample = 0, 0, ""
  for _, thread in ipairs(threads) do
    total = total + thread:get("non2xx")
    if status == 0 and thread:get("bad_status") ~= 0 then
      status = thread:get("bad_status")
      sample = thread:get("bad_body")
    end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d first_bad_status=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), total,
    e.connect + e.read + e.write + e.timeout, status))
  if status ~= 0 then io.write("BAD_BODY " .. sample .. "\n") end
end

-- wrk script of the HTTP benchmark (benchmarks/http_load.py): cycles through a file of
-- "path<TAB>etag" lines (each connection starting at its own place), sends the session
-- cookie and, when an ETag is given, If-None-Match; counts any status other than the
-- expected one as an error, and prints one line of JSON at the end.
-- Arguments: paths file, cookie header, expected status.

local paths, etags = {}, {}
local cookie, expected = "", 200
local counter = 0
wrong = 0 -- global: done() reads each thread's count with thread:get
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local path, etag = line:match("^([^\t]*)\t?(.*)$")
    table.insert(paths, path)
    table.insert(etags, etag)
  end
  cookie = args[2]
  expected = tonumber(args[3])
end

function request()
  counter = counter + 1
  local index = (counter - 1) % #paths + 1
  local headers = { ["Cookie"] = cookie }
  if etags[index] ~= "" then
    headers["If-None-Match"] = etags[index]
  end
  return wrk.format("GET", paths[index], headers)
end

function response(status, headers, body)
  if status ~= expected then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local wrong_total = 0
  for _, thread in ipairs(threads) do
    wrong_total = wrong_total + thread:get("wrong")
  end
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + wrong_total
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_us": %d, "p99_us": %d, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    failed))
end

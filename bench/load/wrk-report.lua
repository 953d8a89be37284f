-- wrk script: prints one machine-readable line at the end ("BENCH_JSON {...}").
-- With BENCH_HOSTS=N every request carries a random Host among h0..h(N-1).bench.test
-- (the 10,000-hosts scenario); otherwise requests are wrk's fixed one (no Lua per request).
local hosts = tonumber(os.getenv("BENCH_HOSTS") or "0")
if hosts > 0 then
  local path = os.getenv("BENCH_PATH") or "/"
  request = function()
    return wrk.format("GET", path, { Host = "h" .. math.random(0, hosts - 1) .. ".bench.test" })
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end

-- Checks every counter of one request and consumes all of them, or none (docs/ratelimits.md).
-- KEYS[i]: one counter. ARGV, four per key: kind ('r' rate, 'q' quota), limit, period in microseconds,
-- and for a quota the end of its period in epoch milliseconds (0 for a rate).
-- Time is Redis' own clock (TIME), so gateways with skewed clocks still share one smooth rate.
-- Rate limits are GCRA: the key holds the theoretical arrival time (TAT, microseconds); burst = limit.
-- Returns {1, remaining_1, reset_ms_1, ...} when allowed, {0, index_of_refusing_counter, retry_after_ms} if not.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local n = #KEYS
local next_values = {}
local out = {1}
for i = 1, n do
  local base = (i - 1) * 4
  local kind = ARGV[base + 1]
  local limit = tonumber(ARGV[base + 2])
  local period = tonumber(ARGV[base + 3])
  local stored = redis.call('GET', KEYS[i])
  if kind == 'r' then
    local interval = period / limit
    local tat = now
    if stored then
      tat = math.max(tonumber(stored), now)
    end
    local new_tat = tat + interval
    if new_tat - now > period + 1 then
      return {0, i, math.ceil((new_tat - period - now) / 1000)}
    end
    next_values[i] = new_tat
    out[#out + 1] = math.floor((period - (new_tat - now)) / interval + 1e-9)
    out[#out + 1] = math.ceil((new_tat - now) / 1000)
  else
    local count = tonumber(stored or '0')
    local period_end = tonumber(ARGV[base + 4])
    local reset = math.max(0, period_end - math.floor(now / 1000))
    if count + 1 > limit then
      return {0, i, reset}
    end
    out[#out + 1] = limit - count - 1
    out[#out + 1] = reset
  end
end
for i = 1, n do
  local base = (i - 1) * 4
  if ARGV[base + 1] == 'r' then
    local ttl = math.ceil((next_values[i] - now) / 1000) + 1000
    redis.call('SET', KEYS[i], string.format('%.0f', next_values[i]), 'PX', ttl)
  else
    redis.call('INCR', KEYS[i])
    redis.call('PEXPIREAT', KEYS[i], tonumber(ARGV[base + 4]) + 60000)
  end
end
return out

-- Checks every counter of one request and consumes all of them, or none (docs/ratelimits.md), and hands out
-- leases: units taken in advance that the gateway spends locally.
-- KEYS[i]: one counter. ARGV, six per key: kind ('r' rate, 'q' quota), limit, period in microseconds, for a quota
-- the end of its period in epoch milliseconds (0 for a rate), need (units the request itself takes: 1, or 0 for a
-- lease alone), want (units wanted in advance; granted as far as they fit, never refused for).
-- Time is Redis' own clock (TIME), so gateways with skewed clocks still share one smooth rate.
-- Rate limits are GCRA: the key holds the theoretical arrival time (TAT, microseconds); burst = limit.
-- Returns {1, remaining_1, reset_ms_1, granted_1, ...} when allowed (remaining after the grant),
-- {0, index_of_refusing_counter, retry_after_ms} if not.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local n = #KEYS
local next_values = {}
local takes = {}
local out = {1}
for i = 1, n do
  local base = (i - 1) * 6
  local kind = ARGV[base + 1]
  local limit = tonumber(ARGV[base + 2])
  local period = tonumber(ARGV[base + 3])
  local need = tonumber(ARGV[base + 5])
  local want = tonumber(ARGV[base + 6])
  local stored = redis.call('GET', KEYS[i])
  if kind == 'r' then
    local interval = period / limit
    local tat = now
    if stored then
      tat = math.max(tonumber(stored), now)
    end
    local new_tat = tat + interval * need
    if need > 0 and new_tat - now > period + 1 then
      return {0, i, math.ceil((new_tat - period - now) / 1000)}
    end
    local granted = math.max(0, math.min(want, math.floor((period + 1 - (new_tat - now)) / interval + 1e-9)))
    new_tat = new_tat + interval * granted
    next_values[i] = new_tat
    takes[i] = need + granted
    out[#out + 1] = math.max(0, math.floor((period - (new_tat - now)) / interval + 1e-9))
    out[#out + 1] = math.ceil((new_tat - now) / 1000)
    out[#out + 1] = granted
  else
    local count = tonumber(stored or '0')
    local period_end = tonumber(ARGV[base + 4])
    local reset = math.max(0, period_end - math.floor(now / 1000))
    if count + need > limit then
      return {0, i, reset}
    end
    local granted = math.max(0, math.min(want, limit - count - need))
    takes[i] = need + granted
    out[#out + 1] = limit - count - need - granted
    out[#out + 1] = reset
    out[#out + 1] = granted
  end
end
for i = 1, n do
  local base = (i - 1) * 6
  if takes[i] > 0 then
    if ARGV[base + 1] == 'r' then
      local ttl = math.ceil((next_values[i] - now) / 1000) + 1000
      redis.call('SET', KEYS[i], string.format('%.0f', next_values[i]), 'PX', ttl)
    else
      redis.call('INCRBY', KEYS[i], takes[i])
      redis.call('PEXPIREAT', KEYS[i], tonumber(ARGV[base + 4]) + 60000)
    end
  end
end
return out

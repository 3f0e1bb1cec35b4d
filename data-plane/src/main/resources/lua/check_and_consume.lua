-- Checks every counter of one request and consumes all of them, or none (docs/ratelimits.md), and hands out
-- leases: units taken in advance that the gateway spends locally.
-- KEYS[i]: one counter. ARGV, six per key: kind ('r' rate, 'q' quota), limit, period in microseconds, for a quota
-- the end of its period in epoch milliseconds (0 for a rate), need (units the request itself takes: 1, or 0 for a
-- lease alone), want (units wanted in advance; granted as far as they fit, never refused for).
-- A gateway spends one unit of each of a request's counters at once, so every counter asked for units in advance
-- gets the same number: as many as the one with the least room (or want) can give. More of one counter could only
-- expire unspent while another counter has none in hand.
-- Time is Redis' own clock (TIME), so gateways with skewed clocks still share one smooth rate.
-- Rate limits are GCRA: the key holds the theoretical arrival time (TAT, microseconds); burst = limit.
-- Returns {1, remaining_1, reset_ms_1, granted_1, ...} when allowed (remaining after the grant),
-- {0, index_of_refusing_counter, retry_after_ms} if not.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local n = #KEYS
local after_need = {}
local granted_all = nil
for i = 1, n do
  local base = (i - 1) * 6
  local kind = ARGV[base + 1]
  local limit = tonumber(ARGV[base + 2])
  local period = tonumber(ARGV[base + 3])
  local need = tonumber(ARGV[base + 5])
  local want = tonumber(ARGV[base + 6])
  local stored = redis.call('GET', KEYS[i])
  local room
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
    after_need[i] = new_tat
    room = math.floor((period + 1 - (new_tat - now)) / interval + 1e-9)
  else
    local count = tonumber(stored or '0')
    if count + need > limit then
      return {0, i, math.max(0, tonumber(ARGV[base + 4]) - math.floor(now / 1000))}
    end
    after_need[i] = count + need
    room = limit - count - need
  end
  if want > 0 then
    local can = math.max(0, math.min(want, room))
    if granted_all == nil or can < granted_all then
      granted_all = can
    end
  end
end
local out = {1}
local takes = {}
for i = 1, n do
  local base = (i - 1) * 6
  local limit = tonumber(ARGV[base + 2])
  local period = tonumber(ARGV[base + 3])
  local need = tonumber(ARGV[base + 5])
  local granted = 0
  if tonumber(ARGV[base + 6]) > 0 then
    granted = granted_all
  end
  takes[i] = need + granted
  if ARGV[base + 1] == 'r' then
    local interval = period / limit
    local new_tat = after_need[i] + interval * granted
    after_need[i] = new_tat
    out[#out + 1] = math.max(0, math.floor((period - (new_tat - now)) / interval + 1e-9))
    out[#out + 1] = math.ceil((new_tat - now) / 1000)
  else
    out[#out + 1] = limit - after_need[i] - granted
    out[#out + 1] = math.max(0, tonumber(ARGV[base + 4]) - math.floor(now / 1000))
  end
  out[#out + 1] = granted
end
for i = 1, n do
  local base = (i - 1) * 6
  if takes[i] > 0 then
    if ARGV[base + 1] == 'r' then
      local ttl = math.ceil((after_need[i] - now) / 1000) + 1000
      redis.call('SET', KEYS[i], string.format('%.0f', after_need[i]), 'PX', ttl)
    else
      redis.call('INCRBY', KEYS[i], takes[i])
      redis.call('PEXPIREAT', KEYS[i], tonumber(ARGV[base + 4]) + 60000)
    end
  end
end
return out

-- Deletes a consumer of a stream's group only if, at this moment, it holds no pending entry and has been idle long
-- enough: Redis runs a script with no command between its steps, so no entry can be delivered to the consumer
-- between the check and the delete (and lose its pending record with it).
-- KEYS[1] the stream; ARGV[1] the group, ARGV[2] the consumer, ARGV[3] the least idle time in ms.
-- Returns 1 when it deleted the consumer, else 0.
for _, fields in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local state = {}
  for i = 1, #fields, 2 do state[fields[i]] = fields[i + 1] end
  if state['name'] == ARGV[2] then
    if state['pending'] == 0 and state['idle'] >= tonumber(ARGV[3]) then
      redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
      return 1
    end
    return 0
  end
end
return 0

-- wrk script: POST /trading/orders with a unique client_order_id per request, alternating
-- resting GTC limit buys far below the market with IOC orders that cancel at once, so every
-- request takes the full durable path (risk, book, journal commit) without the book emptying.
local counter = 0
local thread_id = 0
local token = os.getenv("TOKEN")

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function request()
  counter = counter + 1
  local tif = (counter % 2 == 0) and "ioc" or "gtc"
  local price = 1000 + (counter % 100)
  local body = string.format(
    '{"symbol":"BTCUSD","side":"buy","type":"limit","qty":"0.0001","limit_price":"%d.00","time_in_force":"%s","client_order_id":"t%s-%d"}',
    price, tif, tostring(tid), counter)
  return wrk.format("POST", "/trading/orders", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end

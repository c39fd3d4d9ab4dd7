-- wrk script for the crawler row of tests/bench/run.sh: each request asks
-- for /blog/SLUG, a post chosen at random among every post a reader may
-- see, as a crawler or a link-preview bot walking the whole blog does.
--
--   wrk ... -s tests/bench/crawler.lua http://HOST:PORT/blog/ -- SLUGS_FILE
--
-- SLUGS_FILE holds the visible posts' slugs, one a line (run.sh dumps
-- them from the database). Each thread shuffles the list with its own seed
-- (from /dev/urandom, so that no two runs or threads walk alike) and walks
-- it in that order, shuffling again when it has asked for every post: each
-- request is uniform over all the posts, and none repeats before the whole
-- list has been walked, so that the page caches are missed. The summary
-- line is report.lua's.
--
-- With CRAWLER_ONCE=1 in the environment, a thread walks the list once and
-- stops: run.sh's first walk, which stores every post's rendering as the
-- first reading after a save does on a blog written through its form.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local slugs = {}
local next_slug = 1

-- seed: a number made of 4 bytes of /dev/urandom (the time if unreadable).
local function seed()
	local f = io.open("/dev/urandom", "rb")
	if f == nil then
		return os.time()
	end
	local b = f:read(4)
	f:close()
	local n = 0
	for i = 1, #b do
		n = n * 256 + b:byte(i)
	end
	return n
end

-- shuffle: puts slugs in a new random order (Fisher-Yates).
local function shuffle()
	for i = #slugs, 2, -1 do
		local j = math.random(i)
		slugs[i], slugs[j] = slugs[j], slugs[i]
	end
	next_slug = 1
end

init = function(args)
	local file = args[1]
	if file == nil then
		error("crawler.lua: give the slugs' file after --")
	end
	for line in io.lines(file) do
		if line ~= "" then
			slugs[#slugs + 1] = line
		end
	end
	if #slugs == 0 then
		error("crawler.lua: no slugs in " .. file)
	end
	math.randomseed(seed())
	shuffle()
end

request = function()
	if next_slug > #slugs then
		shuffle()
	end
	local slug = slugs[next_slug]
	next_slug = next_slug + 1
	return wrk.format(nil, "/blog/" .. slug)
end

-- CRAWLER_ONCE=1: done once as many answers came as there are posts (wrk
-- itself only stops at its duration).
if os.getenv("CRAWLER_ONCE") == "1" then
	local answered = 0
	response = function()
		answered = answered + 1
		if answered >= #slugs then
			os.exit(0)
		end
	end
end

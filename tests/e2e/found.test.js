// found.test.js: issue 15, "Found and shared" (SPEC), as the programs that
// read a page's head see it. A signed-in author publishes, through the
// forms, a post with a Markdown body, two tags and a featured image wider
// than 1920 pixels, and saves a draft. A link-preview bot (a context of its
// own: no cookies, a bot's User-Agent, JavaScript off, as such bots run no
// scripts) loads the post and reads document.head through the DOM: Open
// Graph, Twitter, article:*, the canonical and Atom links, no noindex, the
// JSON-LD BlogPosting; it fetches og:image and measures it. With
// JavaScript on and the page's CSP enforced, loading the post reports no
// violation. The index, a tag page and the tags list are og:type website
// with the blog's description; search results, the draft, the forms and
// the 404 page are noindex, the readers' pages are not; the post, a tag
// page and the 404 page pass html-validate and axe. At the end the post
// goes to the trash: the files after this one count on the fixtures' index.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
	AUTHOR, BASE_URL, NO_AUTHOR, assertValidAndAccessible, launchBrowser,
	postForm, screenshot, signIn, submit, trashPost, url, visit,
} from './support.js';

// What Slack's link expander calls itself.
const BOT_UA = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';

// The post: a title that needs escaping in an attribute and in JSON, a
// first paragraph longer than 160 characters with inline Markdown only
// (so its plain text is known: PLAIN), then more.
const TITLE = 'The keeper\'s log: fog & "harbour lights"';
const PLAIN = 'The lighthouse keeper\'s log, kept by hand: fog at six, ' +
	'a tanker at nine, fish & chips at noon, and a long, quiet evening ' +
	'watching the harbour lights come on one by one along the shore.';
const BODY = [
	'The **lighthouse keeper\'s log**, kept *by hand*: fog at six, ' +
	'a `tanker` at nine, fish & chips at noon, and a long, quiet evening ' +
	'watching [the harbour lights](https://example.org/harbour) come on ' +
	'one by one along the shore.',
	'',
	'## The next morning',
	'',
	'- calm sea',
	'- *no* fog',
].join('\n');
const TAGS = ['Lighthouses', 'Sea & Shore'];
const DRAFT_TITLE = 'A keeper\'s draft, not for search engines';
// The featured image's size as uploaded: the blog makes a copy 1920
// pixels wide, which og:image names.
const IMAGE = { width: 2400, height: 1600 };
const MAX_OG_WIDTH = 1920;

// A fixture post without an image (fixtures.sql): two tags, one time.
const CAFE = {
	path: '/blog/cafe-notes',
	title: 'Café notes',
	description: 'Espresso by the harbour, then a crème brûlée that was worth the walk.',
	time: '2026-03-06T10:00:00Z',
	tags: ['Café & Crème', 'Travel'],
};

let chromium;
let author;		// { context, page }, signed in
let reader;		// { context, page }, signed out, JavaScript on
let dir;		// the image made for the post, and the fetched copy
let postPath;		// /blog/<slug> of the post, once published
let draftPath;		// /blog/<slug> of the draft, once saved
let publishedAt;	// when the post was sent, ms since the epoch

// Returns the [blog] section of the config.ini run.sh wrote, as an object
// of its keys' values; empty when there is no config to read.
function blogConfig() {
	let text;
	try {
		text = readFileSync(process.env.BLOG_CONFIG, 'utf8');
	} catch {
		return {};
	}
	const blog = {};
	let section = '';
	for (const line of text.split('\n')) {
		const head = line.match(/^\s*\[([^\]]*)\]/);
		const pair = line.match(/^\s*([^=;#\s]+)\s*=\s*(.*?)\s*$/);
		if (head)
			section = head[1].trim();
		else if (pair && section === 'blog')
			blog[pair[1]] = pair[2];
	}
	return blog;
}
const BLOG = blogConfig();
// The blog's title, as og:site_name names it.
const SITE_NAME = BLOG.title ?? 'Test Blog';
// The description of every page but a post's: [blog] description, else
// the blog's title; undefined when there is no config.ini to read.
const DESCRIPTION = BLOG.description || BLOG.title;

// The absolute URL of the blog's root, without a trailing slash.
const BASE = new URL(BASE_URL).origin;

// Returns the contents of every <meta> in the head whose attribute attr
// ("property" or "name") is key, in document order.
function metas(page, attr, key) {
	return page.locator(`head meta[${attr}="${key}"]`).evaluateAll(
		(els) => els.map((el) => el.getAttribute('content')));
}

// Returns the content of the one <meta property|name=key>, failing when
// there is none or more than one (a bot takes either, or neither).
async function meta(page, key) {
	const attr = key.startsWith('og:') || key.startsWith('article:')
		? 'property' : 'name';
	const found = await metas(page, attr, key);
	assert.equal(found.length, 1,
	    `${page.url()}: one <meta ${attr}="${key}">, found ${found.length}`);
	return found[0];
}

// Returns the hrefs of the head's <link rel=rel> (and type, when given),
// resolved against the page's address as a browser does, together with
// the hrefs as written.
async function links(page, rel, type) {
	const selector = `head link[rel="${rel}"]` + (type ? `[type="${type}"]` : '');
	const written = await page.locator(selector).evaluateAll(
		(els) => els.map((el) => el.getAttribute('href')));
	return {
		written,
		resolved: written.map((href) => new URL(href, page.url()).href),
	};
}

// Returns the one canonical URL of the page, failing unless it is
// absolute (written with the blog's scheme and host).
async function canonical(page) {
	const { written } = await links(page, 'canonical');
	assert.equal(written.length, 1, `${page.url()}: one rel="canonical"`);
	assert.ok(written[0].startsWith(`${BASE}/`),
	    `${page.url()}: canonical ${written[0]} is not absolute on ${BASE}`);
	assert.equal(new URL(written[0]).href, written[0],
	    `${page.url()}: canonical ${written[0]} is a normal URL`);
	return written[0];
}

// Returns whether the page asks not to be indexed: a <meta name="robots">
// whose content holds noindex.
async function noindex(page) {
	const robots = await metas(page, 'name', 'robots');
	return robots.some((c) => /(^|[\s,])noindex([\s,]|$)/i.test(c ?? ''));
}

// Returns the JSON-LD object of the page's one
// <script type="application/ld+json">, parsed.
async function jsonLd(page) {
	const scripts = page.locator('script[type="application/ld+json"]');
	assert.equal(await scripts.count(), 1,
	    `${page.url()}: one application/ld+json script`);
	const text = await scripts.evaluate((s) => s.textContent);
	let data;
	assert.doesNotThrow(() => { data = JSON.parse(text); },
	    `${page.url()}: the JSON-LD parses: ${text}`);
	return data;
}

// Returns the values of a JSON-LD property that may be one value, a list
// of them, or (keywords) a comma-separated string.
function list(value) {
	if (value === undefined || value === null)
		return [];
	if (Array.isArray(value))
		return value;
	if (typeof value === 'string')
		return value.split(',').map((s) => s.trim()).filter(Boolean);
	return [value];
}

// Returns text with its runs of white space made one space, trimmed.
function squash(text) {
	return text.replace(/\s+/g, ' ').trim();
}

// Fails unless description is a fair excerpt of plain: at most 160 code
// points, and either all of plain or its start cut with "…".
function assertExcerpt(description, plain, name) {
	assert.ok(description, `${name}: the description is empty`);
	const points = [...description].length;
	assert.ok(points <= 160,
	    `${name}: the description has ${points} code points, over 160`);
	if ([...plain].length <= 160) {
		assert.equal(description, plain, `${name}: the description`);
		return;
	}
	assert.ok(description.endsWith('…'),
	    `${name}: a cut description ends with "…": ${description}`);
	const kept = squash(description.slice(0, -1));
	assert.ok(kept.length >= 80,
	    `${name}: the description keeps too little: ${description}`);
	assert.ok(squash(plain).startsWith(kept),
	    `${name}: the description is not the start of the body's text:\n` +
	    `  ${description}\n  ${plain}`);
}

// Fails unless an RFC 3339 UTC time, to the second, as the contract writes
// them (2026-12-04T10:00:00Z); returns it in ms since the epoch.
function rfc3339(value, name) {
	assert.match(value ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
	    `${name}: not an RFC 3339 UTC time`);
	const ms = Date.parse(value);
	assert.ok(!Number.isNaN(ms), `${name}: ${value} does not parse`);
	return ms;
}

// Returns { width, height } of an image file, as libvips reads it.
function pixelSize(path) {
	const field = (f) => Number(execFileSync('vipsheader',
		['-f', f, path], { encoding: 'utf8' }).trim());
	return { width: field('width'), height: field('height') };
}

// Fails unless the page links the site's Atom feed (and, given, the
// tag's), each answering 200 with Atom; returns the links, resolved.
async function assertFeeds(page, request, want, name) {
	const { resolved } = await links(page, 'alternate', 'application/atom+xml');
	for (const feed of want) {
		assert.ok(resolved.includes(feed),
		    `${name}: no rel="alternate" Atom link to ${feed} (${resolved.join(', ') || 'none'})`);
		const response = await request.get(feed);
		assert.equal(response.status(), 200, `GET ${feed}`);
		assert.match(response.headers()['content-type'] ?? '',
		    /^application\/atom\+xml/, `${feed}: Content-Type`);
	}
	return resolved;
}

before(async () => {
	chromium = await launchBrowser();
	reader = await chromium.newContext();
	if (NO_AUTHOR)
		return;
	dir = mkdtempSync(join(tmpdir(), 'blog-e2e-found-'));
	author = await chromium.newContext();
	await signIn(author.page);
});

after(async () => {
	try {
		if (postPath && author)
			await trashPost(author.page, postPath);
	} finally {
		await chromium?.close();
		if (dir)
			rmSync(dir, { recursive: true, force: true });
	}
});

test('an author publishes a post with Markdown, two tags and a featured image, and saves a draft',
    { skip: NO_AUTHOR }, async () => {
	const { page } = author;
	await visit(page, '/blog/create');
	const f = postForm(page);
	// The image goes up through "Add images", which puts its Markdown in
	// the body; the body is then the post's own, the image featured.
	const file = join(dir, 'lighthouse.png');
	execFileSync('vips', ['gaussnoise', file,
	    String(IMAGE.width), String(IMAGE.height)]);
	await page.locator('.upload').waitFor({ state: 'visible' });
	await page.locator('#post-upload').setInputFiles(file);
	await page.getByRole('status').filter({ hasText: 'Image added.' })
		.waitFor({ timeout: 30000 });
	const uploaded = (await f.body.inputValue()).match(/\/media\/[^)\s]*/);
	assert.ok(uploaded, 'the upload put a /media/ link in the body');

	await f.title.fill(TITLE);
	await f.body.fill(BODY);
	await f.tags.fill(TAGS.join(', '));
	await page.getByLabel('Featured image').fill(uploaded[0]);
	publishedAt = Date.now();
	let response = await submit(page, () => f.publish.click());
	assert.equal(response.status(), 200, 'publishing the post');
	postPath = new URL(page.url()).pathname;
	assert.match(postPath, /^\/blog\/[a-z0-9-]+$/);
	assert.equal(await page.locator('article.post h1').innerText(), TITLE);
	assert.equal(await page.locator('img.featured').count(), 1,
	    'the post shows its featured image');

	await visit(page, '/blog/create');
	const d = postForm(page);
	await d.title.fill(DRAFT_TITLE);
	await d.body.fill('Nothing to see *yet*.');
	response = await submit(page, () => d.draft.click());
	assert.equal(response.status(), 200, 'saving the draft');
	draftPath = new URL(page.url()).pathname;
	assert.match(await page.locator('.banner[role="status"]').innerText(),
	    /^Draft: /);
});

test('a link-preview bot (no cookies, no JavaScript) reads the post\'s head: Open Graph, Twitter, canonical, feeds',
    { skip: NO_AUTHOR }, async () => {
	assert.ok(postPath, 'no post: publishing it failed earlier');
	const bot = await chromium.newContext({
		javaScriptEnabled: false, userAgent: BOT_UA,
	});
	try {
		const { context, page } = bot;
		assert.deepEqual(await context.cookies(), [], 'the bot has no cookies');
		const response = await visit(page, postPath);
		assert.equal(response.request().headers()['user-agent'], BOT_UA);
		assert.equal(await page.evaluate(() =>
			document.querySelector('.post-actions') === null), true,
		    'the bot sees the readers\' page (no author\'s buttons)');

		const here = url(postPath);
		assert.equal(page.url(), here);
		assert.equal(await canonical(page), here, 'canonical');
		assert.equal(await meta(page, 'og:url'), here, 'og:url');
		assert.equal(await meta(page, 'og:title'), TITLE, 'og:title');
		assert.equal(await meta(page, 'og:type'), 'article', 'og:type');
		assert.equal(await meta(page, 'og:site_name'), SITE_NAME,
		    'og:site_name');
		assert.equal(await meta(page, 'twitter:card'),
		    'summary_large_image', 'twitter:card');

		const description = await meta(page, 'description');
		assertExcerpt(description, PLAIN, 'the post');
		assert.equal(await meta(page, 'og:description'), description,
		    'og:description = description');
		// The same text the reader sees, from the page itself.
		const shown = squash(await page.locator('.post-body p').first()
			.textContent());
		assert.equal(shown, PLAIN, 'the body\'s first paragraph');

		const published = rfc3339(await meta(page, 'article:published_time'),
		    'article:published_time');
		const modified = rfc3339(await meta(page, 'article:modified_time'),
		    'article:modified_time');
		assert.ok(Math.abs(published - publishedAt) < 120000,
		    `article:published_time ${new Date(published).toISOString()} is not when the post was published`);
		assert.ok(modified >= published, 'modified before published');
		assert.equal(new Date(published).toISOString().replace('.000Z', 'Z'),
		    await page.locator('article.post .post-header time')
			.first().getAttribute('datetime'),
		    'article:published_time and the post\'s <time>');
		assert.deepEqual(
		    (await metas(page, 'property', 'article:tag')).sort(),
		    [...TAGS].sort(), 'article:tag, one per tag');

		// og:image: absolute, the copy at most 1920 wide, of that size.
		const image = await meta(page, 'og:image');
		assert.ok(image.startsWith(`${BASE}/media/`),
		    `og:image ${image} is not absolute under ${BASE}/media/`);
		const width = Number(await meta(page, 'og:image:width'));
		const height = Number(await meta(page, 'og:image:height'));
		assert.ok(Number.isInteger(width) && width > 0 && width <= MAX_OG_WIDTH,
		    `og:image:width ${width}: at most ${MAX_OG_WIDTH}`);
		assert.equal(width, Math.min(IMAGE.width, MAX_OG_WIDTH),
		    'og:image is the widest copy at most 1920 pixels wide');
		assert.ok(Math.abs(height - width * IMAGE.height / IMAGE.width) <= 1,
		    `og:image:height ${height}: the image's proportions`);
		const fetched = await context.request.get(image);
		assert.equal(fetched.status(), 200, `GET ${image}`);
		assert.match(fetched.headers()['content-type'] ?? '', /^image\//,
		    `${image}: Content-Type`);
		const copy = join(dir, 'og-image');
		writeFileSync(copy, await fetched.body());
		assert.deepEqual(pixelSize(copy), { width, height },
		    'og:image\'s pixels and og:image:width/height');

		await assertFeeds(page, context.request, [url('/blog/feed.atom')],
		    'the post');
		assert.equal(await noindex(page), false, 'the post is indexed');
		await screenshot(page, 'found-post-as-bot');
	} finally {
		await bot.context.close();
	}
});

test('a post without an image: twitter:card summary, no og:image, its times and tags',
    async () => {
	const bot = await chromium.newContext({
		javaScriptEnabled: false, userAgent: BOT_UA,
	});
	try {
		const { context, page } = bot;
		await visit(page, CAFE.path);
		assert.equal(await canonical(page), url(CAFE.path));
		assert.equal(await meta(page, 'og:url'), url(CAFE.path));
		assert.equal(await meta(page, 'og:title'), CAFE.title);
		assert.equal(await meta(page, 'og:type'), 'article');
		assert.equal(await meta(page, 'twitter:card'), 'summary');
		assert.equal(await meta(page, 'description'), CAFE.description);
		assert.equal(await meta(page, 'og:description'), CAFE.description);
		assert.equal(await meta(page, 'article:published_time'), CAFE.time);
		assert.equal(await meta(page, 'article:modified_time'), CAFE.time);
		assert.deepEqual(
		    (await metas(page, 'property', 'article:tag')).sort(),
		    [...CAFE.tags].sort());
		assert.deepEqual(await metas(page, 'property', 'og:image'), [],
		    'no og:image without an image');
		const data = await jsonLd(page);
		assert.equal(data['@type'], 'BlogPosting');
		assert.equal(data.headline, CAFE.title);
		assert.equal(Date.parse(data.datePublished), Date.parse(CAFE.time));
		assert.equal(data.image, undefined, 'no image in the JSON-LD');
		await assertFeeds(page, context.request, [url('/blog/feed.atom')],
		    CAFE.path);
	} finally {
		await bot.context.close();
	}
});

test('the post\'s JSON-LD is a BlogPosting; with JavaScript on, its CSP reports no violation',
    { skip: NO_AUTHOR }, async () => {
	assert.ok(postPath, 'no post: publishing it failed earlier');
	// The bot's view: the data block is there without any script run.
	const bot = await chromium.newContext({
		javaScriptEnabled: false, userAgent: BOT_UA,
	});
	try {
		const { page } = bot;
		await visit(page, postPath);
		const data = await jsonLd(page);
		assert.match(String(data['@context']), /^https?:\/\/schema\.org\/?$/,
		    '@context');
		assert.equal(data['@type'], 'BlogPosting', '@type');
		assert.equal(data.headline, TITLE, 'headline');
		assert.equal(data.url, url(postPath), 'url');
		assert.equal(Date.parse(data.datePublished),
		    Date.parse(await meta(page, 'article:published_time')),
		    'datePublished');
		assert.equal(Date.parse(data.dateModified),
		    Date.parse(await meta(page, 'article:modified_time')),
		    'dateModified');
		const authors = list(data.author).map((a) =>
			typeof a === 'string' ? a : a?.name);
		assert.deepEqual(authors, [AUTHOR.username], 'author');
		const images = list(data.image).map((i) =>
			typeof i === 'string' ? i : i?.url);
		assert.ok(images.includes(await meta(page, 'og:image')),
		    `image: ${JSON.stringify(data.image)}`);
		assert.deepEqual(list(data.keywords).sort(), [...TAGS].sort(),
		    'keywords');
	} finally {
		await bot.context.close();
	}

	// A reader with JavaScript on and the policy enforced (bypassCSP off):
	// Chromium logs each violation on the console, and the document fires
	// securitypolicyviolation, which a script added before the page's own
	// records (added scripts are not subject to the page's policy).
	const normal = await chromium.newContext({ bypassCSP: false });
	try {
		const { page } = normal;
		const logged = [];
		page.on('console', (msg) => {
			if (/Content Security Policy/i.test(msg.text()))
				logged.push(msg.text());
		});
		await page.addInitScript(() => {
			window.cspViolations = [];
			document.addEventListener('securitypolicyviolation', (e) => {
				window.cspViolations.push(
				    `${e.violatedDirective} ${e.blockedURI}`);
			});
		});
		const response = await visit(page, postPath);
		assert.match(response.headers()['content-security-policy'] ?? '',
		    /script-src 'self'/, 'the post is served with its CSP');
		await page.waitForLoadState('load');
		await page.waitForTimeout(300);
		assert.deepEqual(logged, [], 'console: CSP violations');
		assert.deepEqual(await page.evaluate(() => window.cspViolations),
		    [], 'securitypolicyviolation events');

		// The listeners hear a violation when there is one: an inline
		// script added to the page is refused.
		const heard = page.waitForEvent('console', {
			predicate: (msg) => /Content Security Policy/i.test(msg.text()),
			timeout: 5000,
		});
		await page.evaluate(() => {
			const s = document.createElement('script');
			s.textContent = 'window.ranInline = true;';
			document.head.append(s);
		});
		await heard;
		assert.equal(await page.evaluate(() => window.ranInline), undefined,
		    'the inline script was refused');
	} finally {
		await normal.context.close();
	}
});

test('the index, a tag page and the tags list: og:type website, absolute canonical, the blog\'s description',
    async () => {
	const { page } = reader;
	await visit(page, '/blog/');
	const description = await meta(page, 'description');
	assert.ok(description, 'the index has a description');
	if (DESCRIPTION !== undefined)
		assert.equal(description, DESCRIPTION,
		    'the index\'s description is config.ini\'s [blog] description (else its title)');

	// Each page: its canonical, and its feeds beside the site's.
	const pages = [
		{ path: '/blog/', canonical: url('/blog/') },
		{ path: '/blog/?page=2', canonical: url('/blog/?page=2') },
		{ path: '/blog/tags', canonical: url('/blog/tags') },
		{
			path: '/blog/tag/travel', canonical: url('/blog/tag/travel'),
			feed: url('/blog/tag/travel/feed.atom'),
		},
		{
			path: '/blog/tag/travel?page=2',
			canonical: url('/blog/tag/travel?page=2'),
			feed: url('/blog/tag/travel/feed.atom'),
		},
	];
	for (const p of pages) {
		await visit(page, p.path);
		const name = p.path;
		assert.equal(await canonical(page), p.canonical, `${name}: canonical`);
		assert.equal(await meta(page, 'og:url'), p.canonical, `${name}: og:url`);
		assert.equal(await meta(page, 'og:type'), 'website', `${name}: og:type`);
		assert.equal(await meta(page, 'og:site_name'), SITE_NAME,
		    `${name}: og:site_name`);
		assert.ok(await meta(page, 'og:title'), `${name}: og:title`);
		assert.equal(await meta(page, 'twitter:card'), 'summary',
		    `${name}: twitter:card`);
		assert.equal(await meta(page, 'description'), description,
		    `${name}: description, as the index's`);
		assert.equal(await meta(page, 'og:description'), description,
		    `${name}: og:description`);
		assert.deepEqual(await metas(page, 'property', 'article:published_time'),
		    [], `${name}: no article:* outside a post`);
		const want = [url('/blog/feed.atom'), ...(p.feed ? [p.feed] : [])];
		const feeds = await assertFeeds(page, page.request, want, name);
		assert.equal(feeds.length, want.length,
		    `${name}: Atom links ${feeds.join(', ')}`);
	}
	await screenshot(page, 'found-tag-page');
});

test('noindex on search results, the draft, the forms and error pages; not on the readers\' pages',
    { skip: NO_AUTHOR }, async () => {
	assert.ok(postPath && draftPath, 'no post or draft: making them failed earlier');
	const hidden = [
		{ who: reader, path: '/blog/?q=x' },
		{ who: reader, path: '/blog/?q=harbour' },
		{ who: reader, path: '/login' },
		{ who: reader, path: '/blog/no-such-post', status: 404 },
		{ who: reader, path: '/blog/tag/no-such-tag', status: 404 },
		{ who: reader, path: '/blog/?page=0', status: 400 },
		{ who: author, path: draftPath },
		{ who: author, path: '/blog/create' },
		{ who: author, path: `${postPath}/edit` },
		{ who: author, path: '/blog/manage' },
		{ who: author, path: '/blog/media' },
	];
	const shown = [
		{ who: reader, path: '/blog/' },
		{ who: reader, path: '/blog/?page=2' },
		{ who: reader, path: '/blog/tags' },
		{ who: reader, path: '/blog/tag/travel' },
		{ who: reader, path: postPath },
		{ who: reader, path: CAFE.path },
	];
	const wrong = [];
	for (const [paths, want] of [[hidden, true], [shown, false]]) {
		for (const { who, path, status = 200 } of paths) {
			await visit(who.page, path, status);
			if (await noindex(who.page) !== want)
				wrong.push(`${path}: ${want ? 'no noindex' : 'noindex'}`);
		}
	}
	assert.deepEqual(wrong, [], 'meta robots');
});

test('the post, a tag page and the 404 page with their new heads: valid HTML, accessible',
    { skip: NO_AUTHOR }, async () => {
	assert.ok(postPath, 'no post: publishing it failed earlier');
	const { page } = reader;
	for (const [path, status, name] of [
		[postPath, 200, 'post'],
		['/blog/tag/travel', 200, 'tag page'],
		['/blog/no-such-post', 404, 'not found'],
	]) {
		const response = await visit(page, path, status);
		await assertValidAndAccessible(page, await response.text(), name);
	}
});

// read.test.js: a reader in Chromium, signed out. Opens the index, follows
// a post and one of its tags, pages through with the rel="next" / "prev"
// links, searches from the header's search box, and reads on a 375-pixel
// phone without sideways scrolling. The posts are those of fixtures.sql,
// three to a page.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
	DESKTOP, PHONE, assertNoSidewaysScroll, axeProblems, openBrowser,
	screenshot, url, visit,
} from './support.js';

// fixtures.sql's posts, newest first, as the index lists them.
const NEWEST_FIRST = [
	'Home again', 'Café notes', 'A tour of Markdown',
	'Rain', 'The long walk', 'Market day',
	'First light',
];

let browser;

before(async () => {
	browser = await openBrowser();
});

after(async () => {
	await browser?.close();
});

// Returns the titles of the posts listed on the page, in order.
function listedTitles(page) {
	return page.locator('article.summary h2').allInnerTexts();
}

// Clicks the link with rel="REL" and waits for the page it leads to.
async function follow(page, rel) {
	const from = page.url();
	await Promise.all([
		page.waitForURL((u) => u.href !== from),
		page.locator(`a[rel="${rel}"]`).click(),
	]);
}

// Follows rel="next" from the page shown until there is none; returns
// every title listed on the way and the number of pages seen.
async function readAllPages(page) {
	const titles = await listedTitles(page);
	let pages = 1;
	while (await page.locator('a[rel="next"]').count() > 0) {
		await follow(page, 'next');
		pages++;
		assert.ok(pages < 20, 'rel="next" never ends');
		assert.match(await page.locator('.pagination').innerText(),
		    new RegExp(`Page ${pages} of \\d+`));
		titles.push(...await listedTitles(page));
	}
	return { titles, pages };
}

test('the index links to a post, the post to its tags, with readable dates', async () => {
	const { page } = browser;
	await visit(page, '/blog/');
	assert.equal(await page.locator('h1').innerText(), 'Test Blog');
	assert.deepEqual(await listedTitles(page), NEWEST_FIRST.slice(0, 3));

	await page.getByRole('link', { name: 'Café notes' }).click();
	await page.waitForURL(url('/blog/cafe-notes'));
	assert.equal(await page.locator('h1').innerText(), 'Café notes');
	assert.match(await page.locator('.post-body').innerText(),
	    /crème brûlée/);

	// The date: words for people, RFC 3339 for machines, the same day.
	const time = page.locator('.post-header time').first();
	assert.equal(await time.getAttribute('datetime'), '2026-03-06T10:00:00Z');
	assert.equal(await time.innerText(), '6 March 2026');

	const tags = page.locator('.post-header a.tag');
	assert.deepEqual((await tags.allInnerTexts()).sort(),
	    ['Café & Crème', 'Travel']);
	await tags.filter({ hasText: 'Café & Crème' }).click();
	await page.waitForURL(url('/blog/tag/cafe-creme'));
	assert.equal(await page.locator('h1').innerText(), 'Café & Crème');
	assert.deepEqual(await listedTitles(page), ['Café notes', 'Market day']);
	await screenshot(page, 'read-tag');
});

test('next and prev links page through the index and a tag', async () => {
	const { page } = browser;
	await visit(page, '/blog/');
	assert.equal(await page.locator('a[rel="prev"]').count(), 0,
	    'page 1 has no rel="prev"');
	const { titles, pages } = await readAllPages(page);
	assert.deepEqual(titles, NEWEST_FIRST);
	assert.equal(pages, 3);
	assert.equal(await page.locator('a[rel="next"]').count(), 0);

	// Back from the last page to the first, one page at a time.
	await follow(page, 'prev');
	assert.deepEqual(await listedTitles(page), NEWEST_FIRST.slice(3, 6));
	await screenshot(page, 'read-index-page-2');
	await follow(page, 'prev');
	assert.equal(new URL(page.url()).searchParams.get('page') ?? '1', '1');
	assert.deepEqual(await listedTitles(page), NEWEST_FIRST.slice(0, 3));

	await visit(page, '/blog/tag/travel');
	const tag = await readAllPages(page);
	assert.deepEqual(tag.titles,
	    ['Home again', 'Café notes', 'The long walk', 'First light']);
	assert.equal(tag.pages, 2);
	assert.match(new URL(page.url()).pathname, /^\/blog\/tag\/travel$/);
	await screenshot(page, 'read-tag-page-2');
});

test('the search box finds posts, keeps the words, and pages with them', async () => {
	const { page } = browser;
	await visit(page, '/blog/rain');
	const box = page.getByRole('searchbox', { name: 'Search posts' });
	assert.equal(await box.inputValue(), '');
	await box.fill('harbour');
	await Promise.all([page.waitForURL(/\?q=harbour$/), box.press('Enter')]);
	assert.equal(await page.locator('h1').innerText(), 'Search: "harbour"');
	assert.equal(await box.inputValue(), 'harbour');

	const { titles, pages } = await readAllPages(page);
	assert.deepEqual(titles,
	    ['Café notes', 'Rain', 'The long walk', 'First light']);
	assert.equal(pages, 2);
	assert.equal(new URL(page.url()).searchParams.get('q'), 'harbour',
	    'the next link keeps the search');
	assert.equal(await box.inputValue(), 'harbour');

	// Every word must match.
	await box.fill('harbour window');
	await Promise.all([page.waitForURL(/\?q=/), box.press('Enter')]);
	assert.deepEqual(await listedTitles(page), ['Rain']);
	await screenshot(page, 'read-search');

	await box.fill('zeppelin');
	await Promise.all([page.waitForURL(/\?q=zeppelin$/), box.press('Enter')]);
	assert.deepEqual(await listedTitles(page), []);
	assert.match(await page.locator('main').innerText(), /No posts match/);
	await screenshot(page, 'read-search-empty');
});

test('a 375-pixel phone reads every page without scrolling sideways', async () => {
	const { page } = browser;
	await page.setViewportSize(PHONE);
	try {
		for (const [path, status, name] of [
			['/blog/', 200, 'phone-index'],
			['/blog/a-tour-of-markdown', 200, 'phone-post'],
			['/blog/tag/travel', 200, 'phone-tag'],
			['/blog/tags', 200, 'phone-tags'],
			['/blog/?q=harbour', 200, 'phone-search'],
			['/blog/no-such-post', 404, 'phone-404'],
		]) {
			await visit(page, path, status);
			await assertNoSidewaysScroll(page, PHONE.width);
			assert.deepEqual(await axeProblems(page), [],
			    `axe-core on ${path} at ${PHONE.width} px`);
			await screenshot(page, name);
		}
	} finally {
		await page.setViewportSize(DESKTOP);
	}
});

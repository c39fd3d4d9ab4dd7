// write.test.js: an author in Chromium. Signs in through the login form,
// writes a post with Markdown, tags and a Russian title, sees it rendered
// under a transliterated slug, edits it, has an empty title refused next to
// its field, deletes the post, signs out, and is sent to the login form by
// the create page. The tests run in order and share the one post; they are
// skipped, with the reason, when run.sh could not make an author.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
	AUTHOR, DESKTOP, NO_AUTHOR, PHONE, assertNoSidewaysScroll, openBrowser,
	postForm, screenshot, submit, url, visit,
} from './support.js';

const TITLE = 'Первый пост о Markdown';
const EDITED_TITLE = 'Первый пост о Markdown, исправленный';
const BODY = [
	'Привет! Some **bold** text, a [link](https://example.org/) and `code`.',
	'',
	'- one',
	'- two',
].join('\n');
const TAGS = ['Путешествия', 'E2E'];

let browser;
let postPath;	// /blog/<slug> of the post the tests write, once written

before(async () => {
	if (!NO_AUTHOR)
		browser = await openBrowser();
});

after(async () => {
	await browser?.close();
});

// Fails unless a post was written by the earlier test; returns its path.
function writtenPost() {
	assert.ok(postPath, 'no post: creating one failed earlier');
	return postPath;
}

test('signs in through the login form', { skip: NO_AUTHOR }, async () => {
	const { page } = browser;
	await visit(page, '/blog/');
	await page.getByRole('link', { name: 'Sign in' }).click();
	await page.waitForURL((u) => u.pathname === '/login');

	// A wrong password: 401, one message, the username kept.
	await page.getByLabel('Username').fill(AUTHOR.username);
	await page.getByLabel('Password').fill('not the password');
	let response = await submit(page, () =>
		page.getByRole('button', { name: 'Sign in' }).click());
	assert.equal(response.status(), 401);
	assert.match(await page.getByRole('alert').innerText(), /\S/);
	assert.equal(await page.getByLabel('Username').inputValue(),
	    AUTHOR.username);
	assert.equal(await page.getByLabel('Password').inputValue(), '');

	await page.getByLabel('Password').fill(AUTHOR.password);
	response = await submit(page, () =>
		page.getByRole('button', { name: 'Sign in' }).click());
	assert.equal(response.status(), 200);
	assert.equal(new URL(page.url()).pathname, '/blog/');
	const nav = page.getByRole('navigation', { name: 'Site' });
	assert.equal(await nav.getByRole('link', { name: 'New post' }).count(), 1);
	assert.equal(await nav.getByRole('button', { name: /Sign out/ }).count(), 1);
	assert.equal(await nav.getByRole('link', { name: 'Sign in' }).count(), 0);
	await screenshot(page, 'write-signed-in');
});

test('writes a post with Markdown, tags and a Russian title', { skip: NO_AUTHOR }, async () => {
	const { page } = browser;
	await visit(page, '/blog/');
	await page.getByRole('link', { name: 'New post' }).click();
	await page.waitForURL(url('/blog/create'));

	const f = postForm(page);
	// The Markdown help is next to the body and read out with it.
	const help = page.locator('#post-body-help');
	assert.match(await help.innerText(), /Markdown/);
	assert.match(await f.body.getAttribute('aria-describedby'),
	    /\bpost-body-help\b/);

	await f.title.fill(TITLE);
	await f.body.fill(BODY);
	await f.tags.fill(TAGS.join(', '));
	const response = await submit(page, () => f.publish.click());
	assert.equal(response.status(), 200);

	// The slug: the title transliterated, e.g. pervyy-post-o-markdown.
	postPath = new URL(page.url()).pathname;
	assert.match(postPath, /^\/blog\/perv[a-z]*-post-o-markdown$/);

	assert.equal(await page.locator('h1').innerText(), TITLE);
	assert.match(await page.title(), new RegExp(TITLE));
	const body = page.locator('.post-body');
	assert.equal(await body.locator('strong').innerText(), 'bold');
	assert.equal(await body.locator('a[href="https://example.org/"]').innerText(),
	    'link');
	assert.equal(await body.locator('code').innerText(), 'code');
	assert.deepEqual(await body.locator('li').allInnerTexts(), ['one', 'two']);

	const tags = page.locator('.post-header a.tag');
	assert.deepEqual((await tags.allInnerTexts()).sort(), [...TAGS].sort());
	for (const href of await tags.evaluateAll((as) =>
	    as.map((a) => a.getAttribute('href'))))
		assert.match(href, /^\/blog\/tag\/[a-z0-9]+(-[a-z0-9]+)*$/);
	await screenshot(page, 'write-created');

	// The new post heads the index and its tag's page.
	await tags.filter({ hasText: TAGS[0] }).click();
	await page.waitForURL(/\/blog\/tag\//);
	assert.equal(await page.locator('h1').innerText(), TAGS[0]);
	assert.deepEqual(await page.locator('article.summary h2').allInnerTexts(),
	    [TITLE]);
	await visit(page, '/blog/');
	assert.equal(await page.locator('article.summary h2').first().innerText(),
	    TITLE);
	await screenshot(page, 'write-created-index');
});

test('edits the post, and its slug stays', { skip: NO_AUTHOR }, async () => {
	const { page } = browser;
	const path = writtenPost();
	await visit(page, path);
	await page.getByRole('link', { name: 'Edit' }).click();
	await page.waitForURL(url(`${path}/edit`));

	const f = postForm(page);
	assert.equal(await f.title.inputValue(), TITLE);
	assert.equal((await f.body.inputValue()).replace(/\r\n/g, '\n'), BODY);
	assert.deepEqual((await f.tags.inputValue()).split(/\s*,\s*/).sort(),
	    [...TAGS].sort());

	await f.title.fill(EDITED_TITLE);
	await f.body.fill(`${BODY}\n\nEdited *once*.`);
	await f.tags.fill(TAGS[1]);
	const response = await submit(page, () => f.publish.click());
	assert.equal(response.status(), 200);
	assert.equal(new URL(page.url()).pathname, path);
	assert.equal(await page.locator('h1').innerText(), EDITED_TITLE);
	assert.equal(await page.locator('.post-body em').innerText(), 'once');
	assert.deepEqual(await page.locator('.post-header a.tag').allInnerTexts(),
	    [TAGS[1]]);
	await screenshot(page, 'write-edited');
});

test('an empty title is refused next to its field, the body kept and the caret there',
    { skip: NO_AUTHOR }, async () => {
	const { page } = browser;
	const text = 'A body that must survive the error,\n\nword for word\n- and line for line.';
	await visit(page, '/blog/create');
	const f = postForm(page);

	// An empty title: the browser's own check stops the form.
	await f.body.fill(text);
	await f.publish.click();
	assert.equal(await f.title.evaluate((e) => e.validity.valueMissing), true);
	assert.equal(page.url(), url('/blog/create'));

	// Spaces get past the browser; the server trims them and refuses.
	await f.title.fill('   ');
	const response = await submit(page, () => f.publish.click());
	assert.equal(response.status(), 422);

	const error = page.locator('#post-title-error');
	assert.match(await error.innerText(), /\S/);
	// Next to its field: in the title's own .field, tied to it.
	assert.equal(await page.locator('.field')
		.filter({ has: page.locator('#post-title') })
		.locator('#post-title-error').count(), 1);
	assert.equal(await f.title.getAttribute('aria-invalid'), 'true');
	assert.match(await f.title.getAttribute('aria-describedby'),
	    /\bpost-title-error\b/);
	assert.equal(await f.body.inputValue(), text);
	assert.equal(await f.body.getAttribute('aria-invalid'), null);

	// The caret: the field in error has autofocus and has the focus.
	assert.equal(await f.title.getAttribute('autofocus'), '');
	assert.equal(await page.evaluate(() => document.activeElement?.id),
	    'post-title');
	await screenshot(page, 'write-title-error');

	await page.setViewportSize(PHONE);
	try {
		await assertNoSidewaysScroll(page, PHONE.width);
		await screenshot(page, 'phone-write-title-error');
	} finally {
		await page.setViewportSize(DESKTOP);
	}

	// Nothing was written (asked aside, so the page stays the form).
	const search = await page.request.get(url('/blog/?q=survive'));
	assert.equal(search.status(), 200);
	assert.doesNotMatch(await search.text(), /<article/);
});

// HTML allows one autofocus a page: the first field in error takes it.
test('with errors in several fields, only the first takes the focus', {
	skip: NO_AUTHOR,
}, async () => {
	const { page } = browser;
	await visit(page, '/blog/create');
	const f = postForm(page);
	await f.title.fill('   ');
	await f.body.fill('A body.');
	await f.tags.fill('x'.repeat(101));
	const response = await submit(page, () => f.publish.click());
	await screenshot(page, 'write-errors-everywhere');
	assert.equal(response.status(), 422);
	assert.equal(await page.evaluate(() => document.activeElement?.id),
	    'post-title');
	assert.deepEqual(await page.locator('[autofocus]').evaluateAll((es) =>
		es.map((e) => e.id)), ['post-title']);
});

test('moves the post to the trash', { skip: NO_AUTHOR }, async () => {
	const { page } = browser;
	const path = writtenPost();
	await visit(page, path);
	const response = await submit(page, () =>
		page.getByRole('button', { name: 'Move to trash' }).click());
	assert.equal(response.status(), 200);
	assert.equal(new URL(page.url()).pathname, '/blog/');
	const titles = await page.locator('article.summary h2').allInnerTexts();
	assert.ok(!titles.includes(EDITED_TITLE), 'the post is still listed');
	assert.deepEqual(titles, ['Home again', 'Café notes', 'A tour of Markdown']);
	// Readers (no session) get 404 at once.
	const reader = await page.context().browser().newContext();
	try {
		const gone = await reader.request.get(url(path));
		assert.equal(gone.status(), 404, `GET ${path} after the trash`);
	} finally {
		await reader.close();
	}
	await screenshot(page, 'write-deleted');
});

test('after signing out, the create page sends you to the login form', { skip: NO_AUTHOR }, async () => {
	const { page } = browser;
	await visit(page, '/blog/');
	const nav = page.getByRole('navigation', { name: 'Site' });
	await submit(page, () =>
		nav.getByRole('button', { name: /Sign out/ }).click());
	assert.equal(await nav.getByRole('link', { name: 'Sign in' }).count(), 1);
	assert.equal(await nav.getByRole('link', { name: 'New post' }).count(), 0);

	await page.goto(url('/blog/create'));
	const here = new URL(page.url());
	assert.equal(here.pathname, '/login');
	assert.equal(here.searchParams.get('next'), '/blog/create');
	assert.equal(await page.locator('input[name="next"]').inputValue(),
	    '/blog/create');
	assert.equal(await page.getByLabel('Password').count(), 1);
	await screenshot(page, 'write-signed-out-login');

	// Signing in from there leads back to where the author was going.
	await page.getByLabel('Username').fill(AUTHOR.username);
	await page.getByLabel('Password').fill(AUTHOR.password);
	await submit(page, () =>
		page.getByRole('button', { name: 'Sign in' }).click());
	assert.equal(page.url(), url('/blog/create'));
	await screenshot(page, 'write-create-after-login');
});

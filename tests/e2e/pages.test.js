// pages.test.js: every kind of page the blog serves, signed out and signed
// in, with and without errors, each checked alike: the HTML the server sent
// passes html-validate, axe-core finds no serious or critical violation in
// the page Chromium built (in the light and the dark colour scheme), the
// header's search box is there with its label, and every date reads as
// words with its machine-readable datetime beside.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
	NO_AUTHOR, axeProblems, htmlProblems, openBrowser, screenshot, signIn,
	submit, url,
} from './support.js';

// Each page: how to reach it (a GET of path, then act() if given, which
// returns the response of a form it submits), the status it answers, and
// for a form sent back with errors, how many it shows (role="alert" for
// the whole form, .field-error beside a field).
const PAGES = [
	{ name: 'index', path: '/blog/' },
	{ name: 'index, page 2', path: '/blog/?page=2' },
	{ name: 'search', path: '/blog/?q=harbour' },
	{ name: 'empty search', path: '/blog/?q=zeppelin' },
	{ name: 'post', path: '/blog/a-tour-of-markdown' },
	{ name: 'tag', path: '/blog/tag/cafe-creme' },
	{ name: 'tags', path: '/blog/tags' },
	{ name: 'not found (404)', path: '/blog/no-such-post', status: 404 },
	{ name: 'bad request (400)', path: '/blog/?page=0', status: 400 },
	{ name: 'login', path: '/login' },
	{
		name: 'login with an error', path: '/login', status: 401,
		alerts: 1,
		act: async (page) => {
			await page.getByLabel('Username').fill('nobody');
			await page.getByLabel('Password').fill('wrong password');
			return submit(page, () =>
				page.getByRole('button', { name: 'Sign in' }).click());
		},
	},
	{ name: 'post, signed in', path: '/blog/a-tour-of-markdown', author: true },
	{ name: 'index, signed in', path: '/blog/', author: true },
	{ name: 'create form', path: '/blog/create', author: true },
	{
		name: 'create form with an error on every field',
		path: '/blog/create', status: 422, author: true, fieldErrors: 3,
		act: async (page) => {
			// Each value gets past the browser's own checks (required
			// is met by spaces) and is refused by the server: a title
			// empty once trimmed, a body over 65,535 bytes, a tag name
			// over 100 characters.
			await page.getByLabel('Title').fill('   ');
			await page.getByLabel('Body').fill('ü'.repeat(33000));
			await page.getByLabel('Tags').fill(`ok, ${'x'.repeat(101)}`);
			return submit(page, () => page.locator('form.post-form')
				.getByRole('button', { name: 'Publish', exact: true }).click());
		},
	},
	{ name: 'edit form', path: '/blog/market-day/edit', author: true },
	{
		name: 'edit form with an error',
		path: '/blog/market-day/edit', status: 422, author: true,
		fieldErrors: 1,
		act: async (page) => {
			await page.getByLabel('Title').fill('   ');
			return submit(page, () => page.locator('form.post-form')
				.getByRole('button', { name: 'Publish', exact: true }).click());
		},
	},
];

let browser;
let signedIn = false;

before(async () => {
	browser = await openBrowser();
});

after(async () => {
	await browser?.close();
});

// Fails unless the page has the one search box, and every date on it is
// words for people and an RFC 3339 datetime for machines, the same day
// (withHour: the words may add the hour, "2 December 2026, 18:57", UTC
// in the tests).
async function assertSearchBoxAndDates(page, { withHour = false } = {}) {
	const search = page.getByRole('search');
	assert.equal(await search.count(), 1, 'one search form');
	const box = search.getByRole('searchbox', { name: 'Search posts' });
	assert.equal(await box.getAttribute('name'), 'q');
	assert.equal(await search.getAttribute('action'), '/blog/');

	for (const time of await page.locator('time').all()) {
		const machine = await time.getAttribute('datetime');
		assert.match(machine ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		const day = new Date(machine).toLocaleDateString('en-GB', {
			day: 'numeric', month: 'long', year: 'numeric',
			timeZone: 'UTC',
		});
		const allowed = withHour ?
		    [day, `${day}, ${machine.slice(11, 16)}`] : [day];
		assert.ok(allowed.includes(await time.innerText()),
		    `<time datetime="${machine}">${await time.innerText()}`);
	}
}

for (const spec of PAGES) {
	const skip = spec.author ? NO_AUTHOR : false;

	test(`${spec.name}: valid HTML, accessible, with the search box`,
	    { skip }, async () => {
		const { page } = browser;
		if (spec.author && !signedIn) {
			await signIn(page);
			signedIn = true;
		}

		let response = await page.goto(url(spec.path));
		if (spec.act) {
			assert.equal(response.status(), 200,
			    `GET ${spec.path} before the form`);
			response = await spec.act(page);
		}
		assert.equal(response.status(), spec.status ?? 200,
		    `${spec.name}: status of ${response.url()}`);
		assert.match(response.headers()['content-type'] ?? '',
		    /^text\/html; charset=utf-8$/i);
		assert.equal(await page.getByRole('alert').count(),
		    spec.alerts ?? 0, 'messages for the whole form');
		assert.equal(await page.locator('.field-error').count(),
		    spec.fieldErrors ?? 0, 'messages beside fields');

		const html = await response.text();
		assert.deepEqual(await htmlProblems(html), [],
		    `${spec.name}: html-validate`);

		await page.emulateMedia({ colorScheme: 'light' });
		assert.deepEqual(await axeProblems(page), [],
		    `${spec.name}: axe-core, light`);
		await page.emulateMedia({ colorScheme: 'dark' });
		assert.deepEqual(await axeProblems(page), [],
		    `${spec.name}: axe-core, dark`);
		await page.emulateMedia({ colorScheme: 'light' });

		await assertSearchBoxAndDates(page);

		await screenshot(page, `page-${spec.name.replace(/\W+/g, '-')
		    .replace(/^-|-$/g, '')}`);
	});
}

// The writing workflow's pages (SPEC, "Writing workflow"), checked alike:
// Manage, a draft under its banner, a preview (in the tab it opens) and
// the form with a publish time the server refuses. All are the author's
// own; those the contract makes noindex and Cache-Control private,
// no-store say so (private). A <time> there may add the hour to the day
// ("2 December 2026, 18:57", UTC in the tests).

// (An import is hoisted wherever it stands: this one is kept with the
// code that uses it.)
import { assertValidAndAccessible } from './support.js';

// Fills the post form on the page shown; returns it.
async function fillWorkflowPost(page, title, publishAt) {
	const form = page.locator('form.post-form');
	await form.getByLabel('Title').fill(title);
	await form.getByLabel('Body').fill('Some **bold** text.\n\n- one\n- two');
	await form.getByLabel('Tags').fill('Gallery');
	if (publishAt !== undefined)
		await form.getByLabel('Publish at').fill(publishAt);
	return form;
}

const WORKFLOW_PAGES = [
	{
		name: 'draft with its banner', path: '/blog/create',
		private: true, banner: /^Draft: /,
		act: async (page) => {
			const form = await fillWorkflowPost(page, 'A draft for the gallery');
			return { response: await submit(page, () => form
				.getByRole('button', { name: 'Save draft' }).click()) };
		},
	},
	// After the draft, so that Manage lists one.
	{ name: 'manage posts', path: '/blog/manage', private: true },
	{
		name: 'preview', path: '/blog/create',
		private: true, banner: /^Preview, not saved/,
		act: async (page) => {
			const form = await fillWorkflowPost(page, 'A preview for the gallery');
			const context = page.context();
			const [tab, response] = await Promise.all([
				context.waitForEvent('page'),
				context.waitForEvent('response', (r) =>
					new URL(r.url()).pathname === '/blog/preview'),
				form.getByRole('button', { name: 'Preview' }).click(),
			]);
			await tab.waitForLoadState();
			return { response, page: tab };
		},
	},
	{
		// A year of five digits gets past the browser (datetime-local
		// takes years to 275760) and is refused by the server.
		name: 'create form with a publish_at error', path: '/blog/create',
		status: 422, fieldErrors: 1,
		act: async (page) => {
			const form = await fillWorkflowPost(page,
			    'A post with a bad publish time', '12345-01-01T00:00');
			const response = await submit(page, () => form
				.getByRole('button', { name: 'Publish', exact: true }).click());
			const input = page.getByLabel('Publish at');
			assert.equal(await page.locator('#post-publish-at-error').count(), 1);
			assert.equal(await input.getAttribute('aria-invalid'), 'true');
			assert.match(await input.getAttribute('aria-describedby'),
			    /\bpost-publish-at-error\b/);
			assert.equal(await input.inputValue(), '12345-01-01T00:00');
			assert.equal(await page.getByLabel('Title').inputValue(),
			    'A post with a bad publish time');
			return { response };
		},
	},
];

for (const spec of WORKFLOW_PAGES) {
	test(`${spec.name}: valid HTML, accessible, with the search box`,
	    { skip: NO_AUTHOR }, async () => {
		if (!signedIn) {
			await signIn(browser.page);
			signedIn = true;
		}
		let page = browser.page;
		let response = await page.goto(url(spec.path));
		if (spec.act) {
			assert.equal(response.status(), 200,
			    `GET ${spec.path} before the form`);
			({ response, page = browser.page } = await spec.act(page));
		}
		try {
			assert.equal(response.status(), spec.status ?? 200,
			    `${spec.name}: status of ${response.url()}`);
			assert.match(response.headers()['content-type'] ?? '',
			    /^text\/html; charset=utf-8$/i);
			if (spec.private) {
				assert.equal(response.headers()['cache-control'],
				    'private, no-store', `${spec.name}: Cache-Control`);
				assert.deepEqual(await page.locator('meta[name="robots"]')
					.evaluateAll((ms) => ms.map((m) => m.content)),
				    ['noindex'], `${spec.name}: robots`);
			}
			const banner = page.locator('.banner[role="status"]');
			if (spec.banner)
				assert.match(await banner.innerText(), spec.banner);
			else
				assert.equal(await banner.count(), 0, 'no banner');
			assert.equal(await page.getByRole('alert').count(),
			    spec.alerts ?? 0, 'messages for the whole form');
			assert.equal(await page.locator('.field-error').count(),
			    spec.fieldErrors ?? 0, 'messages beside fields');

			await assertValidAndAccessible(page, await response.text(),
			    spec.name);

			await assertSearchBoxAndDates(page, { withHour: true });

			await screenshot(page, `page-${spec.name.replace(/\W+/g, '-')
			    .replace(/^-|-$/g, '')}`);
		} finally {
			if (page !== browser.page)
				await page.close();
		}
	});
}

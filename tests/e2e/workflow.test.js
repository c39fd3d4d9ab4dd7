// workflow.test.js: the writing workflow (SPEC, "Writing workflow") in
// Chromium, an author and a signed-out reader side by side, each in a
// context of their own. The author saves a draft (banner, byline; the
// reader gets the 404 page and no index entry), previews a post without
// JavaScript in a tab of its own (nothing saved), schedules a post a few
// seconds ahead (the reader sees it on the index within 1 s of its time),
// finds the draft and the scheduled post in Manage, moves a post to the
// trash and restores it, and has the second of two concurrent saves
// refused with 409, the text kept. The tests run in order and share the
// posts; they are skipped, with the reason, when run.sh made no author.
// At the end the published post goes back to the trash: the index is the
// fixtures' again for the files after this one.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
	AUTHOR, NO_AUTHOR, assertValidAndAccessible, launchBrowser, postForm,
	screenshot, signIn, submit, trashPost, url, visit,
} from './support.js';

const BODY = [
	'A paragraph with **bold** text and a [link](https://example.org/).',
	'',
	'- one',
	'- two',
].join('\n');
const TAGS = ['Workflow', 'Travel'];
const DRAFT_TITLE = 'A draft nobody reads yet';
const PREVIEW_TITLE = 'Only a preview, never saved';
const SCHEDULED_TITLE = 'A post that waits for its time';

let chromium;
let author;	// { context, page }, signed in
let reader;	// { context, page }, never signed in
let draftPath;		// /blog/<slug> of the draft, once saved
let scheduledPath;	// /blog/<slug> of the scheduled post, once saved
let scheduledAt;	// its publish time, ms since the epoch

before(async () => {
	if (NO_AUTHOR)
		return;
	chromium = await launchBrowser();
	author = await chromium.newContext();
	reader = await chromium.newContext();
	await signIn(author.page);
});

after(async () => {
	// The post published here goes back to the trash, where readers do
	// not see it: the files after this one count on the fixtures' index.
	try {
		if (scheduledPath && author)
			await trashPost(author.page, scheduledPath);
	} finally {
		await chromium?.close();
	}
});

// Fills the post form on the page shown.
async function fillPost(page, { title, body = BODY, tags = TAGS, publishAt }) {
	const f = postForm(page);
	await f.title.fill(title);
	await f.body.fill(body);
	await f.tags.fill(tags.join(', '));
	if (publishAt !== undefined)
		await f.publishAt.fill(publishAt);
	return f;
}

// Returns the titles the index lists, as a signed-out reader sees them.
async function readerIndexTitles() {
	const response = await reader.page.request.get(url('/blog/'));
	assert.equal(response.status(), 200, 'GET /blog/ as a reader');
	const html = await response.text();
	return [...html.matchAll(/<article class="summary">[\s\S]*?<h2[^>]*>([\s\S]*?)<\/h2>/g)]
		.map((m) => m[1].replace(/<[^>]*>/g, '').trim());
}

// Returns the status a signed-out reader gets for path.
async function readerStatus(path) {
	return (await reader.page.request.get(url(path), { maxRedirects: 0 }))
		.status();
}

// Returns the shape of the page's <article class="post">: each element's
// name and classes, in document order, with the author's action buttons
// left out (they are no part of what readers see).
function articleShape(page) {
	return page.locator('article.post').evaluate((article) => {
		const shape = [];
		const walk = (el) => {
			if (el.matches('footer.post-actions'))
				return;
			shape.push(el.localName + [...el.classList].sort()
				.map((c) => `.${c}`).join(''));
			for (const child of el.children)
				walk(child);
		};
		walk(article);
		return shape;
	});
}

// The signed-in banner over a post readers do not see.
function banner(page) {
	return page.locator('.banner[role="status"]');
}

// Fails unless a page for the author only answered as one: noindex and
// private, no-store.
async function assertPrivatePage(page, response, name) {
	assert.equal(response.headers()['cache-control'], 'private, no-store',
	    `${name}: Cache-Control`);
	assert.equal(await page.locator('meta[name="robots"]')
		.getAttribute('content'), 'noindex', `${name}: robots`);
}

// "2 December 2026, 18:57", as the blog writes a UTC time for people.
function humanTime(ms) {
	const d = new Date(ms);
	const day = d.toLocaleDateString('en-GB', {
		day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
	});
	return `${day}, ${d.toISOString().slice(11, 16)}`;
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

test('"Save draft" shows the post under a draft banner, with its byline; readers get 404',
    { skip: NO_AUTHOR }, async () => {
	const { page } = author;
	const before = await readerIndexTitles();
	await visit(page, '/blog/create');
	const f = await fillPost(page, { title: DRAFT_TITLE });
	const response = await submit(page, () => f.draft.click());
	assert.equal(response.status(), 200);

	draftPath = new URL(page.url()).pathname;
	assert.equal(draftPath, '/blog/a-draft-nobody-reads-yet');
	assert.match(await banner(page).innerText(), /^Draft: /);
	assert.equal(await page.locator('article.post h1').innerText(),
	    DRAFT_TITLE);
	assert.equal(await page.locator('article.post .byline').innerText(),
	    `by ${AUTHOR.username}`);
	assert.equal(await page.locator('.byline .author').innerText(),
	    AUTHOR.username);
	await assertPrivatePage(page, response, 'draft');
	await assertValidAndAccessible(page, await response.text(), 'draft');
	await screenshot(page, 'workflow-draft');

	// A reader: the 404 page at its address, nothing new on the index.
	const gone = await reader.page.goto(url(draftPath));
	assert.equal(gone.status(), 404, `GET ${draftPath} as a reader`);
	assert.equal(await banner(reader.page).count(), 0);
	assert.doesNotMatch(await reader.page.content(), new RegExp(DRAFT_TITLE));
	assert.deepEqual(await readerIndexTitles(), before);
	assert.ok(!before.includes(DRAFT_TITLE));
});

test('"Preview" without JavaScript opens a tab with the post as it would be; nothing saved',
    { skip: NO_AUTHOR }, async () => {
	assert.ok(draftPath, 'no draft: saving one failed earlier');
	const before = await readerIndexTitles();
	const noScript = await chromium.newContext({ javaScriptEnabled: false });
	try {
		const { context, page } = noScript;
		await signIn(page);
		// The saved post's shape, from the same Markdown and tags.
		await visit(page, draftPath);
		const savedShape = await articleShape(page);
		const savedBody = await page.locator('article.post .post-body')
			.innerHTML();

		await visit(page, '/blog/create');
		const f = await fillPost(page, { title: PREVIEW_TITLE });
		const [tab, response] = await Promise.all([
			context.waitForEvent('page'),
			context.waitForEvent('response', (r) =>
				new URL(r.url()).pathname === '/blog/preview'),
			f.preview.click(),
		]);
		await tab.waitForLoadState();
		assert.equal(response.request().method(), 'POST');
		assert.equal(response.status(), 200, 'POST /blog/preview');
		assert.equal(new URL(tab.url()).pathname, '/blog/preview');
		// The form stays in its own tab, as it was.
		assert.equal(new URL(page.url()).pathname, '/blog/create');
		assert.equal(await postForm(page).title.inputValue(), PREVIEW_TITLE);

		assert.match(await banner(tab).innerText(), /^Preview, not saved/);
		assert.equal(await tab.locator('article.post').count(), 1);
		assert.equal(await tab.locator('article.post h1').innerText(),
		    PREVIEW_TITLE);
		assert.deepEqual(await articleShape(tab), savedShape,
		    'the preview\'s <article> and the saved post\'s');
		assert.equal(await tab.locator('article.post .post-body')
			.innerHTML(), savedBody);
		assert.deepEqual((await tab.locator('article.post a.tag')
			.allInnerTexts()).sort(), [...TAGS].sort());
		assert.equal(await tab.locator('.byline .author').innerText(),
		    AUTHOR.username);
		await assertPrivatePage(tab, response, 'preview');
		await screenshot(tab, 'workflow-preview');
		await tab.close();
	} finally {
		await noScript.context.close();
	}

	// Nothing saved: the index as it was, Manage without it.
	assert.deepEqual(await readerIndexTitles(), before);
	await visit(author.page, '/blog/manage');
	assert.equal(await author.page.locator('main')
		.getByText(PREVIEW_TITLE).count(), 0);
});

test('a post scheduled seconds ahead: "Scheduled for", listed in Manage, on the index within 1 s of its time',
    { skip: NO_AUTHOR }, async (t) => {
	assert.ok(draftPath, 'no draft: saving one failed earlier');
	const { page } = author;
	// The time, to the second, AHEAD ms from now. The input steps by the
	// minute (step 60, its default: a time with seconds fails the
	// browser's own check), which would make the test wait up to a
	// minute; run.sh gives a file 60 s in all. So the test lets the
	// input take seconds (step 1), as the server does: what it sends is
	// still the datetime-local value, YYYY-MM-DDTHH:MM:SS.
	const AHEAD = 6000;
	await visit(page, '/blog/create');
	const f = await fillPost(page, { title: SCHEDULED_TITLE, tags: [] });
	await f.publishAt.evaluate((input) => { input.step = '1'; });
	scheduledAt = Math.ceil((Date.now() + AHEAD) / 1000) * 1000;
	const local = new Date(scheduledAt).toISOString().slice(0, 19);
	await f.publishAt.fill(local);
	assert.equal(await f.publishAt.inputValue(), local);
	const response = await submit(page, () => f.publish.click());
	assert.equal(response.status(), 200);
	scheduledPath = new URL(page.url()).pathname;
	assert.equal(scheduledPath, '/blog/a-post-that-waits-for-its-time');
	assert.equal(await banner(page).innerText(),
	    `Scheduled for ${humanTime(scheduledAt)} (UTC): readers see this post from then.`);
	await assertPrivatePage(page, response, 'scheduled');
	await screenshot(page, 'workflow-scheduled');

	// Manage lists the draft and the scheduled post, with its time: in a
	// tab of its own, so that the checkers can look at both pages after
	// the time, as they were before it.
	const managePage = await author.context.newPage();
	try {
		const manage = await visit(managePage, '/blog/manage');
		const drafts = managePage.locator('section:has(#manage-drafts)');
		const scheduled = managePage.locator('section:has(#manage-scheduled)');
		assert.equal(await drafts.locator(`a[href="${draftPath}"]`)
			.innerText(), DRAFT_TITLE);
		const row = scheduled.locator('li').filter({
			has: managePage.locator(`a[href="${scheduledPath}"]`),
		});
		assert.equal(await row.count(), 1, 'the scheduled post in Manage');
		assert.equal(await row.locator('time').getAttribute('datetime'),
		    new Date(scheduledAt).toISOString().replace('.000Z', 'Z'));
		assert.equal(await row.locator('time').innerText(),
		    humanTime(scheduledAt));
		assert.equal(await row.getByRole('link', { name: 'Edit' })
			.getAttribute('href'), `${scheduledPath}/edit`);
		assert.equal(await row.getByRole('button', { name: 'Move to trash' })
			.count(), 1);
		assert.equal(await drafts.locator(`a[href="${scheduledPath}"]`)
			.count(), 0);
		await assertPrivatePage(managePage, manage, 'manage');
		await screenshot(managePage, 'workflow-manage');

		// The reader: nothing until its time, then the index within 1 s.
		assert.equal(await readerStatus(scheduledPath), 404,
		    'the scheduled post before its time');
		assert.ok(!(await readerIndexTitles()).includes(SCHEDULED_TITLE));
		assert.ok(Date.now() < scheduledAt - 500,
		    'too slow: the scheduled time came before the checks ended');
		let seenAt;
		while (Date.now() < scheduledAt + 3000) {
			const asked = Date.now();
			if ((await readerIndexTitles()).includes(SCHEDULED_TITLE)) {
				seenAt = asked;
				break;
			}
			await sleep(100);
		}
		assert.ok(seenAt, 'the scheduled post never appeared on the index');
		t.diagnostic(`on the index ${seenAt - scheduledAt} ms after its time`);
		assert.ok(seenAt >= scheduledAt - 150,
		    `it appeared ${scheduledAt - seenAt} ms before its time`);
		assert.ok(seenAt <= scheduledAt + 1000,
		    `it appeared ${seenAt - scheduledAt} ms after its time`);
		assert.equal((await readerIndexTitles())[0], SCHEDULED_TITLE,
		    'the newest post heads the index');
		const shown = await reader.page.goto(url(scheduledPath));
		assert.equal(shown.status(), 200);
		assert.equal(await banner(reader.page).count(), 0);
		assert.equal(await reader.page.locator('article.post time')
			.first().getAttribute('datetime'),
		    new Date(scheduledAt).toISOString().replace('.000Z', 'Z'));

		// The checkers, on the two pages as they were loaded.
		await assertValidAndAccessible(page, await response.text(),
		    'scheduled');
		await assertValidAndAccessible(managePage, await manage.text(),
		    'manage');
	} finally {
		await managePage.close();
	}
});

test('"Move to trash" on the post page, then "Restore" from Manage',
    { skip: NO_AUTHOR }, async () => {
	assert.ok(scheduledPath, 'no published post: scheduling one failed earlier');
	const { page } = author;
	await visit(page, scheduledPath);
	assert.equal(await banner(page).count(), 0, 'published: no banner');
	const trash = page.locator('footer.post-actions')
		.getByRole('button', { name: 'Move to trash' });
	let response = await submit(page, () => trash.click());
	assert.equal(response.status(), 200);
	assert.equal(new URL(page.url()).pathname, '/blog/');
	assert.ok(!(await page.locator('article.summary h2').allInnerTexts())
		.includes(SCHEDULED_TITLE));
	assert.equal(await readerStatus(scheduledPath), 404,
	    'a trashed post for readers');
	assert.ok(!(await readerIndexTitles()).includes(SCHEDULED_TITLE));

	// The author still opens it, under its banner.
	await visit(page, scheduledPath);
	assert.match(await banner(page).innerText(), /^In the trash since /);

	await visit(page, '/blog/manage');
	const row = page.locator('section:has(#manage-trash) li').filter({
		has: page.locator(`a[href="${scheduledPath}"]`),
	});
	assert.equal(await row.count(), 1, 'the post in Manage\'s trash');
	assert.equal(await page.locator('section:has(#manage-scheduled)')
		.locator(`a[href="${scheduledPath}"]`).count(), 0);
	response = await submit(page, () =>
		row.getByRole('button', { name: 'Restore' }).click());
	assert.equal(response.status(), 200);
	assert.equal(new URL(page.url()).pathname, scheduledPath);
	assert.equal(await banner(page).count(), 0, 'restored: published again');
	assert.equal(await readerStatus(scheduledPath), 200,
	    'the restored post for readers');
	assert.equal((await readerIndexTitles())[0], SCHEDULED_TITLE);
});

test('two edit forms of one post: the second save gets 409, its text kept',
    { skip: NO_AUTHOR }, async () => {
	assert.ok(draftPath, 'no draft: saving one failed earlier');
	const first = author.page;
	const second = await author.context.newPage();
	try {
		await visit(first, `${draftPath}/edit`);
		await visit(second, `${draftPath}/edit`);
		assert.equal(await first.locator('#post-standing').innerText(),
		    'Draft: readers do not see it.');

		const firstBody = `${BODY}\n\nThe first window's change.`;
		await postForm(first).body.fill(firstBody);
		let response = await submit(first, () =>
			postForm(first).draft.click());
		assert.equal(response.status(), 200);
		assert.equal(new URL(first.url()).pathname, draftPath);

		// The same title: a draft's slug follows its title.
		const secondBody = `${BODY}\n\nThe second window's change, kept.`;
		const secondTags = 'Workflow, Second';
		const f = postForm(second);
		await f.body.fill(secondBody);
		await f.tags.fill(secondTags);
		response = await submit(second, () => f.draft.click());
		assert.equal(response.status(), 409);
		assert.equal(new URL(second.url()).pathname, `${draftPath}/edit`);
		const alert = second.getByRole('alert');
		assert.equal(await alert.count(), 1);
		assert.match(await alert.innerText(), /saved by someone else/);
		assert.equal(await f.title.inputValue(), DRAFT_TITLE);
		assert.equal((await f.body.inputValue()).replace(/\r\n/g, '\n'),
		    secondBody);
		assert.equal(await f.tags.inputValue(), secondTags);
		await assertValidAndAccessible(second, await response.text(),
		    'conflict');
		await screenshot(second, 'workflow-conflict');

		// Nothing saved: the post is the first window's.
		await visit(first, draftPath);
		assert.match(await first.locator('.post-body').innerText(),
		    /The first window's change\./);

		// Sent again, knowingly, the form replaces it.
		response = await submit(second, () => f.draft.click());
		assert.equal(response.status(), 200);
		assert.equal(new URL(second.url()).pathname, draftPath);
		assert.match(await second.locator('.post-body').innerText(),
		    /The second window's change, kept\./);
		assert.match(await banner(second).innerText(), /^Draft: /);
	} finally {
		await second.close();
	}
});

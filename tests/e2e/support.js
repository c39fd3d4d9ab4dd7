// support.js: what the browser tests share. Starting Debian's Chromium
// through playwright-core with a fresh profile, the blog's address, the
// author to sign in as, screenshots, and the two checkers: html-validate
// on the HTML the server sent, axe-core on the page the browser built.

import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { HtmlValidate } from 'html-validate';

const require = createRequire(import.meta.url);

// The blog under test, started by run.sh.
export const BASE_URL = process.env.BASE_URL;
if (!BASE_URL)
	throw new Error('BASE_URL is not set: run the tests through tests/e2e/run.sh');

// The author run.sh made with ./blogctl; NO_AUTHOR says why there is none.
export const AUTHOR = {
	username: process.env.E2E_USERNAME ?? 'e2e',
	password: process.env.E2E_PASSWORD ?? 'e2e-password-1',
};
export const NO_AUTHOR = process.env.E2E_NO_AUTHOR || false;

export const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 740 };

// Returns the absolute URL of a path on the blog.
export function url(path) {
	return new URL(path, BASE_URL).href;
}

// How Chromium is started: Debian's, headless, quiet.
const CHROMIUM = {
	executablePath: '/usr/bin/chromium',
	headless: true,
	args: [
		'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
		'--no-first-run', '--disable-background-networking',
		'--disable-component-update', '--disable-sync',
	],
};

// Each browser context's settings. bypassCSP lets axe-core's script into
// pages whose policy forbids inline scripts; nothing else about the pages
// changes.
const CONTEXT = {
	viewport: DESKTOP, locale: 'en-GB', timezoneId: 'UTC', bypassCSP: true,
};

// Moves the post at path to the trash with its "Move to trash" button, if
// it has one: a file that published a post leaves the fixtures' index as
// it found it for the files after it.
export async function trashPost(page, path) {
	await page.goto(url(path));
	const trash = page.locator('footer.post-actions')
		.getByRole('button', { name: 'Move to trash' });
	if (await trash.count() === 1)
		await submit(page, () => trash.click());
}

// Returns the post form's parts on the page shown: its fields and its
// three buttons.
export function postForm(page) {
	const form = page.locator('form.post-form');
	return {
		form,
		title: form.getByLabel('Title'),
		body: form.getByLabel('Body'),
		tags: form.getByLabel('Tags'),
		publishAt: form.getByLabel('Publish at'),
		publish: form.getByRole('button', { name: 'Publish', exact: true }),
		draft: form.getByRole('button', { name: 'Save draft' }),
		preview: form.getByRole('button', { name: 'Preview' }),
	};
}

// Returns { context, page, close } for Chromium started headless with a
// profile of its own in a temporary directory, which close() removes.
// playwright-core passes that directory as --user-data-dir itself (it
// refuses the flag among args) and never downloads a browser: it drives
// Debian's /usr/bin/chromium.
export async function openBrowser() {
	const profile = mkdtempSync(join(tmpdir(), 'blog-e2e-profile-'));
	let context;
	try {
		context = await chromium.launchPersistentContext(profile, {
			...CHROMIUM,
			...CONTEXT,
		});
	} catch (err) {
		rmSync(profile, { recursive: true, force: true });
		throw err;
	}
	context.setDefaultTimeout(10000);
	context.setDefaultNavigationTimeout(15000);
	const page = context.pages()[0] ?? await context.newPage();
	return {
		context,
		page,
		async close() {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

// Saves a full-page PNG as screenshots/NAME.png; returns its path.
export async function screenshot(page, name) {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const path = join(SCREENSHOT_DIR, `${name}.png`);
	await page.screenshot({ path, fullPage: true });
	return path;
}

// Loads path and returns the response, failing unless its status is want.
export async function visit(page, path, want = 200) {
	const response = await page.goto(url(path));
	assert.ok(response, `GET ${path}: no response`);
	assert.equal(response.status(), want, `GET ${path}: status`);
	return response;
}

// Runs action (a click that submits a form, say) and returns the response
// of the navigation it causes, after a redirect the final one.
export async function submit(page, action) {
	const [response] = await Promise.all([
		page.waitForNavigation(),
		action(),
	]);
	assert.ok(response, 'the form submission got no response');
	return response;
}

// Signs in through the login form as AUTHOR; ends on the page it leads to.
export async function signIn(page) {
	await visit(page, '/login');
	await page.getByLabel('Username').fill(AUTHOR.username);
	await page.getByLabel('Password').fill(AUTHOR.password);
	const response = await submit(page, () =>
		page.getByRole('button', { name: 'Sign in' }).click());
	assert.equal(response.status(), 200, `signing in ended on ${page.url()}`);
	assert.ok(!new URL(page.url()).pathname.startsWith('/login'),
	    `signing in as ${AUTHOR.username} failed: still on ${page.url()}`);
}

// html-validate's recommended rules, all of them: the templates meet every one.
const validator = new HtmlValidate({
	extends: ['html-validate:recommended'],
});

// Returns html-validate's messages for a document as readable lines,
// errors and warnings alike (an empty list is a pass).
export async function htmlProblems(html) {
	const report = await validator.validateString(html, 'page.html');
	return report.results.flatMap((result) => result.messages.map((m) =>
		`${m.line}:${m.column} ${m.ruleId}: ${m.message}` +
		(m.selector ? ` (${m.selector})` : '')));
}

const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

// Returns axe-core's serious and critical violations on the page as it is
// now, one readable line per element.
export async function axeProblems(page) {
	if (!await page.evaluate(() => 'axe' in window))
		await page.addScriptTag({ path: AXE_SOURCE });
	const violations = await page.evaluate(async () => {
		const result = await window.axe.run(document, {
			resultTypes: ['violations'],
		});
		return result.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			targets: v.nodes.map((n) => n.target.join(' ')),
		}));
	});
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.flatMap((v) => v.targets.map((t) =>
			`${v.impact} ${v.id}: ${v.help} (${t})`));
}

// Fails unless the document fits the viewport's width: no sideways scroll.
export async function assertNoSidewaysScroll(page, width) {
	const scrollWidth = await page.evaluate(() =>
		document.documentElement.scrollWidth);
	assert.ok(scrollWidth <= width,
	    `${page.url()} is ${scrollWidth} px wide on a ${width} px screen`);
}

// Returns { newContext(options), close() } for one headless Chromium
// (Debian's, as openBrowser's) in which each context has cookies of its
// own: an author and a signed-out reader side by side, say. newContext
// returns { context, page } with openBrowser's settings, options added
// to them or replacing them ({ javaScriptEnabled: false }, say).
export async function launchBrowser() {
	const browser = await chromium.launch(CHROMIUM);
	return {
		async newContext(options = {}) {
			const context = await browser.newContext({
				...CONTEXT, ...options,
			});
			context.setDefaultTimeout(10000);
			context.setDefaultNavigationTimeout(15000);
			return { context, page: await context.newPage() };
		},
		close: () => browser.close(),
	};
}

// Fails unless the HTML the server sent passes html-validate and axe-core
// finds no serious or critical violation in the page as Chromium built it,
// in the light and the dark colour scheme (the page needs JavaScript on).
export async function assertValidAndAccessible(page, html, name) {
	assert.deepEqual(await htmlProblems(html), [], `${name}: html-validate`);
	try {
		for (const colorScheme of ['light', 'dark']) {
			await page.emulateMedia({ colorScheme });
			assert.deepEqual(await axeProblems(page), [],
			    `${name}: axe-core, ${colorScheme}`);
		}
	} finally {
		await page.emulateMedia({ colorScheme: 'light' });
	}
}

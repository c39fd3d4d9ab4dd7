// media.test.js: images (SPEC "Images") in Chromium. The author picks a
// file in the post form ("Add images", the one script): its Markdown goes
// in at the caret, and the published post shows it, loaded (naturalWidth),
// with its srcset, and as its featured image (valid HTML, accessible). Without the script, the images page's own form uploads
// a file and lists it with a thumbnail that loads. The images page is
// valid HTML and accessible. The files are made here with libvips' own
// command, one of each type. At the end the post goes to the trash: the
// files after this one count on the fixtures' index.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
	NO_AUTHOR, assertValidAndAccessible, launchBrowser, postForm,
	screenshot, signIn, submit, trashPost, url, visit,
} from './support.js';

let chromium;
let author;		// { context, page }, signed in
let dir;		// the images made for the tests
let postPath;		// /blog/<slug> of the post with an image

// Returns the path of a new image of width x height (noise) in dir.
function image(name, width, height) {
	const path = join(dir, name);
	execFileSync('vips', ['gaussnoise', path, String(width), String(height)]);
	return path;
}

before(async () => {
	if (NO_AUTHOR)
		return;
	dir = mkdtempSync(join(tmpdir(), 'blog-e2e-media-'));
	chromium = await launchBrowser();
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

test('"Add images" in the post form puts the Markdown at the caret; the post shows the image',
    { skip: NO_AUTHOR }, async () => {
	const { page } = author;
	await visit(page, '/blog/create');
	const f = postForm(page);
	await f.title.fill('A post with a picture');
	await f.body.fill('Before the picture.\nAfter the picture.');
	// The caret at the end of the first line.
	await f.body.evaluate((t) => t.setSelectionRange(19, 19));

	const box = page.locator('.upload');
	await box.waitFor({ state: 'visible' });
	await page.locator('#post-upload').setInputFiles(image('harbour.png', 1200, 800));
	await page.getByRole('status').filter({ hasText: 'Image added.' }).waitFor();
	const body = await f.body.inputValue();
	assert.match(body, /^Before the picture\.\n\n!\[harbour\]\(\/media\/[0-9a-f]{32}-1200x800\.png\)\n\nAfter the picture\.$/);
	await screenshot(page, 'media-form-image-added');
	// The same image as the featured one, above the text.
	const uploaded = body.match(/\/media\/[^)]*/)[0];
	await page.getByLabel('Featured image').fill(uploaded);

	const response = await submit(page, () => f.publish.click());
	assert.equal(response.status(), 200);
	postPath = new URL(page.url()).pathname;
	const featured = page.locator('img.featured');
	await featured.evaluate((i) => i.decode());
	assert.ok(await featured.evaluate((i) => i.naturalWidth) > 0,
	    'the featured image loads');
	await assertValidAndAccessible(page, await response.text(),
	    'a post with images');
	const img = page.locator('.post-body img');
	await img.evaluate((i) => i.decode());
	assert.ok(await img.evaluate((i) => i.naturalWidth) > 0, 'the image loads');
	assert.match(await img.getAttribute('srcset'),
	    /-1200x800-480w\.png 480w, .*-1200x800-960w\.png 960w, .*-1200x800\.png 1200w$/);
	assert.equal(await img.getAttribute('width'), '1200');
	assert.equal(await img.getAttribute('alt'), 'harbour');
	await screenshot(page, 'media-post-with-image');
});

test('without the script, the images page uploads a JPEG, a GIF and a WebP and lists them',
    { skip: NO_AUTHOR }, async () => {
	const { page } = author;
	await visit(page, '/blog/media');
	await page.getByLabel('Images to upload').setInputFiles([
		image('boat.jpg', 900, 600), image('wave.gif', 200, 120),
		image('sky.webp', 640, 480),
	]);
	const response = await submit(page, () =>
		page.getByRole('button', { name: 'Upload', exact: true }).click());
	assert.equal(response.status(), 200);
	assert.equal(new URL(page.url()).pathname, '/blog/media');
	const thumbs = page.locator('.media-item img');
	assert.ok(await thumbs.count() >= 4, 'the four images are listed');
	for (const thumb of await thumbs.all()) {
		await thumb.evaluate((i) => i.decode());
		assert.ok(await thumb.evaluate((i) => i.naturalWidth) > 0,
		    `${await thumb.getAttribute('src')} loads`);
	}
	await screenshot(page, 'media-library');
});

test('images page: valid HTML, accessible', { skip: NO_AUTHOR }, async () => {
	const { page } = author;
	const response = await page.goto(url('/blog/media'));
	assert.equal(response.status(), 200);
	assert.equal(response.headers()['cache-control'], 'private, no-store');
	await assertValidAndAccessible(page, await response.text(), 'images page');
});

test('an SVG is refused with its reason, and nothing is listed for it',
    { skip: NO_AUTHOR }, async () => {
	const { page } = author;
	const svg = join(dir, 'logo.svg');
	execFileSync('sh', ['-c', `printf '<svg xmlns="http://www.w3.org/2000/svg"/>' > '${svg}'`]);
	await visit(page, '/blog/media');
	const before = await page.locator('.media-item').count();
	await page.getByLabel('Images to upload').setInputFiles(svg);
	const response = await submit(page, () =>
		page.getByRole('button', { name: 'Upload', exact: true }).click());
	assert.equal(response.status(), 415);
	assert.match(await page.locator('main').innerText(), /logo\.svg is not a JPEG, PNG, GIF or WebP image/);
	await visit(page, '/blog/media');
	assert.equal(await page.locator('.media-item').count(), before);
});

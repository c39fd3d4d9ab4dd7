// upload.js: images into a post from its form. Choosing files ("Add
// images") or dropping them on the body uploads them to /blog/media, with
// the form's token, and puts their Markdown where the caret was. The only
// script of the site (CSP script-src 'self'); without it the form links to
// /blog/media instead, and nothing else changes.
'use strict';

(function () {
	// Returns the text to put at the caret for the images the server
	// stored, each on a line of its own.
	function markdownOf(images, before, after) {
		let text = images.map((i) => i.markdown).join('\n\n');
		if (before !== '' && !before.endsWith('\n\n'))
			text = (before.endsWith('\n') ? '\n' : '\n\n') + text;
		if (after !== '' && !after.startsWith('\n\n'))
			text += after.startsWith('\n') ? '\n' : '\n\n';
		return text;
	}

	function setUp(box) {
		const body = document.getElementById(box.dataset.uploadFor);
		const form = body && body.form;
		const token = form && form.querySelector('input[name="csrf_token"]');
		if (!body || !token)
			return;
		const picker = box.querySelector('input[type="file"]');
		const progress = box.querySelector('.upload-progress');
		const status = box.querySelector('.upload-status');
		let busy = false;

		function say(text) {
			status.textContent = text;
		}

		function upload(files) {
			const images = Array.from(files);
			if (busy || images.length === 0)
				return;
			// Where the caret is now: the Markdown goes there.
			const start = body.selectionStart, end = body.selectionEnd;
			const data = new FormData();
			data.append('csrf_token', token.value);
			for (const f of images)
				data.append('file', f, f.name);

			const xhr = new XMLHttpRequest();
			xhr.open('POST', '/blog/media');
			xhr.setRequestHeader('Accept', 'application/json');
			xhr.responseType = 'json';
			xhr.upload.addEventListener('progress', (e) => {
				if (e.lengthComputable)
					progress.value = Math.round(100 * e.loaded / e.total);
			});
			xhr.addEventListener('loadend', () => {
				busy = false;
				progress.hidden = true;
				picker.value = '';
				const answer = xhr.response || {};
				if (xhr.status !== 201 || !Array.isArray(answer.images)) {
					say(answer.error || (xhr.status === 0 ?
					    'The upload did not reach the blog. Try again.' :
					    `The upload failed (${xhr.status}).`));
					return;
				}
				const text = markdownOf(answer.images,
				    body.value.slice(0, start), body.value.slice(end));
				body.focus();
				body.setRangeText(text, start, end, 'end');
				body.dispatchEvent(new Event('input', { bubbles: true }));
				say(answer.images.length === 1 ? 'Image added.' :
				    `${answer.images.length} images added.`);
			});
			busy = true;
			progress.value = 0;
			progress.hidden = false;
			say(images.length === 1 ? 'Uploading the image…' :
			    `Uploading ${images.length} images…`);
			xhr.send(data);
		}

		picker.addEventListener('change', () => upload(picker.files));
		body.addEventListener('dragover', (e) => {
			if (e.dataTransfer && e.dataTransfer.types.includes('Files'))
				e.preventDefault();
		});
		body.addEventListener('drop', (e) => {
			if (!e.dataTransfer || e.dataTransfer.files.length === 0)
				return;
			e.preventDefault();
			upload(e.dataTransfer.files);
		});
		box.hidden = false;
	}

	document.querySelectorAll('.upload[data-upload-for]').forEach(setUp);
}());

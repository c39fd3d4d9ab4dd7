#!/usr/bin/env python3
"""Remakes the seed corpus of fuzz_multipart: tests/fuzz/capture_multipart.py

Real uploads, captured as sent: a tiny server on 127.0.0.1 records the raw
body and Content-Type of each POST while curl (curl -F) and Debian's
Chromium (headless, driven by playwright-core from tests/e2e/node_modules,
or from $NODE_MODULES) submit small forms to it. Then broken bodies made
from a captured one: cut short, LF-only, a boundary followed by other
bytes, a folded header, no name, a filename that is not UTF-8, headers and
parts over the harness's limits. The handmade-* files were written by hand
after Firefox's format (Firefox is not on this machine).

Each file is what fuzz_multipart.c reads: one byte choosing how the body
is cut into pieces, the Content-Type, a LF, the body. The old corpus files
are replaced; Chromium's and curl's boundaries are random, so every run
writes different bytes.
"""
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'tests', 'fuzz', 'corpus', 'multipart')
NODE_MODULES = os.environ.get(
    'NODE_MODULES', os.path.join(ROOT, 'tests', 'e2e', 'node_modules'))

# The smallest images there are: a 1x1 PNG and a 1x1 GIF.
PNG = bytes.fromhex(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000'
    '1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2212f'
    'f40000000049454e44ae426082')
GIF = bytes.fromhex(
    '47494638396101000100800000ffffff00000021f90401000000002c00'
    '000000010001000002024401003b')
# Data that looks like a delimiter's beginnings.
TRICKY = b'line\r\n--\r\n-\r\n\r\r\n--not the boundary\r\n\x00\xff'

FORM = b'''<!DOCTYPE html>
<title>upload</title>
<form method="post" enctype="multipart/form-data" action="/upload">
<input type="hidden" name="csrf_token" value="tok-123">
<textarea name="note"></textarea>
<input type="file" name="file" multiple>
<button>Send</button>
</form>
'''

captured = {}


class Handler(http.server.BaseHTTPRequestHandler):
    """GET: the form; POST /upload?NAME: records the body as NAME."""

    def do_GET(self):
        self.answer(FORM)

    def do_POST(self):
        length = int(self.headers.get('Content-Length', '0'))
        body = self.rfile.read(length)
        name = self.path.partition('?')[2] or 'unnamed'
        captured[name] = (self.headers.get('Content-Type', ''), body)
        self.answer(b'<!DOCTYPE html><title>ok</title>ok')

    def answer(self, page):
        self.send_response(200)
        self.send_header('Content-Type', 'text/html; charset=utf-8')
        self.send_header('Content-Length', str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *args):
        pass


def curl(base, name, *fields):
    """Posts fields (curl -F arguments) to the server, recorded as name."""
    args = ['curl', '-sS', '-o', '/dev/null', '-H', 'Expect:']
    for f in fields:
        args += ['-F', f]
    subprocess.run(args + [f'{base}/upload?{name}'], check=True)


# Fills and submits the form once per case: {name, note, files: [{name,
# mimeType, hex}]}; through playwright-core, as tests/e2e starts Chromium.
CHROMIUM_SCRIPT = r'''
const { chromium } = require('playwright-core');
const [base, casesJson] = process.argv.slice(1);
(async () => {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium', headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu',
		    '--no-first-run', '--disable-background-networking'],
	});
	const page = await browser.newPage();
	for (const c of JSON.parse(casesJson)) {
		await page.goto(base + '/form');
		await page.evaluate((name) => {
			document.forms[0].action = '/upload?' + name;
		}, c.name);
		await page.fill('textarea', c.note);
		await page.setInputFiles('input[type=file]', c.files.map((f) => ({
			name: f.name, mimeType: f.mimeType,
			buffer: Buffer.from(f.hex, 'hex'),
		})));
		await Promise.all([page.waitForNavigation(), page.click('button')]);
	}
	await browser.close();
})().catch((err) => { console.error(err); process.exit(1); });
'''


def chromium(base, cases):
    """Submits the form in Chromium once per case."""
    for c in cases:
        for f in c['files']:
            f['hex'] = f.pop('data').hex()
    env = dict(os.environ, NODE_PATH=NODE_MODULES)
    subprocess.run(['node', '-e', CHROMIUM_SCRIPT, base, json.dumps(cases)],
                   check=True, env=env)


def capture():
    """Returns {name: (content_type, body)} of the real uploads."""
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f'http://127.0.0.1:{server.server_address[1]}'
    tmp = tempfile.mkdtemp()
    try:
        for name, data in (('tiny.png', PNG), ('tiny.gif', GIF),
                           ('tricky.bin', TRICKY), ('empty', b'')):
            with open(os.path.join(tmp, name), 'wb') as f:
                f.write(data)
        path = lambda name: os.path.join(tmp, name)
        curl(base, 'curl-field-and-files', 'csrf_token=tok-123',
             f'file=@{path("tiny.png")}',
             f'file=@{path("tiny.gif")};type=image/gif')
        curl(base, 'curl-tricky-data', 'csrf_token=tok-123',
             f'file=@{path("tricky.bin")}')
        curl(base, 'curl-odd-filenames',
             f'file=@{path("tiny.png")};filename=say "hi".png',
             f'file=@{path("tiny.gif")};filename=C:\\Users\\me\\cat.gif',
             f'file=@{path("empty")};filename=caf\u00e9.txt')
        chromium(base, [
            {'name': 'chromium-field-and-files', 'note': '',
             'files': [{'name': 'tiny.png', 'mimeType': 'image/png',
                        'data': PNG},
                       {'name': 'tiny.gif', 'mimeType': 'image/gif',
                        'data': GIF}]},
            {'name': 'chromium-no-file-chosen', 'note': '', 'files': []},
            {'name': 'chromium-text-and-tricky-data',
             'note': 'two\r\nlines, caf\u00e9, --dashes--',
             'files': [{'name': 'tricky.bin',
                        'mimeType': 'application/octet-stream',
                        'data': TRICKY}]},
            {'name': 'chromium-odd-filenames', 'note': '',
             'files': [{'name': 'say "hi".png', 'mimeType': 'image/png',
                        'data': PNG},
                       {'name': 'new\nline\r.gif', 'mimeType': 'image/gif',
                        'data': GIF},
                       {'name': 'back\\slash %22 \u00fc.png',
                        'mimeType': 'image/png', 'data': PNG}]},
        ])
    finally:
        server.shutdown()
        shutil.rmtree(tmp)
    return dict(captured)


def handmade():
    """Returns {name: (content_type, body)}: Firefox's format by hand."""
    b = '---------------------------27365478913958254071627842131'
    body = (f'--{b}\r\n'
            'Content-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f'tok-123\r\n--{b}\r\n'
            'Content-Disposition: form-data; name="file"; '
            'filename="tiny.gif"\r\n'
            'Content-Type: image/gif\r\n\r\n').encode() + GIF + \
        f'\r\n--{b}--\r\n'.encode()
    return {'handmade-firefox-style':
            (f'multipart/form-data; boundary={b}', body)}


def broken(content_type, body):
    """Returns {name: (content_type, body)}: body, broken in ways."""
    boundary = content_type.split('boundary=', 1)[1].encode()
    delim = b'\r\n--' + boundary
    first_file = body.index(b'filename=')
    data_at = body.index(b'\r\n\r\n', first_file) + 4
    header = b'Content-Disposition: form-data; name="csrf_token"'
    many = b''.join(b'--' + boundary + b'\r\nContent-Disposition: '
                    b'form-data; name="f' + str(i).encode() + b'"\r\n\r\n'
                    b'x\r\n' for i in range(9)) + b'--' + boundary + b'--'
    return {
        'broken-cut-in-data': (content_type, body[:data_at + 20]),
        'broken-cut-in-header': (content_type, body[:first_file + 4]),
        'broken-no-close': (content_type, body[:body.rindex(delim)]),
        'broken-lf-only': (content_type, body.replace(b'\r\n', b'\n')),
        'broken-boundary-then-bytes': (content_type, body[:data_at] +
                                       b'ab' + delim + b'XY' + body[data_at:]),
        'broken-folded-header': (content_type, body.replace(
            header, b'Content-Disposition: form-data;\r\n name="csrf_token"')),
        'broken-no-name': (content_type, body.replace(
            header, b'Content-Disposition: form-data')),
        'broken-filename-latin1': (content_type, body.replace(
            b'filename="', b'filename="caf\xe9', 1)),
        'broken-filename-star': (content_type, body.replace(
            b'filename="', b"filename*=UTF-8''a.png; filename=\"", 1)),
        'broken-long-header': (content_type, body.replace(
            header, header + b'\r\nX-Padding: ' + b'p' * 600)),
        'broken-too-many-parts': (content_type, many),
        'broken-no-boundary': ('multipart/form-data', body),
    }


def main():
    real = capture()
    if len(real) != 7:
        sys.exit(f'capture_multipart: got {sorted(real)}')
    seeds = dict(real)
    seeds.update(handmade())
    seeds.update(broken(*real['chromium-field-and-files']))
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.remove(os.path.join(OUT, old))
    for i, (name, (content_type, body)) in enumerate(sorted(seeds.items())):
        # The first byte: one of the harness's eight ways to cut the body.
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(bytes([ord('0') + i % 8]) + content_type.encode() +
                    b'\n' + body)
    print(f'capture_multipart: wrote {len(seeds)} files to {OUT}')


if __name__ == '__main__':
    main()

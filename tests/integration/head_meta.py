#!/usr/bin/env python3
"""head_meta.py FILE: what an HTML page's <head> tells crawlers and link
previews, read with Python's own HTML parser (tests/integration/test_found.sh).

One line per element, its fields separated by tabs, in document order:

    link    REL     TYPE    HREF      each <link> of the head (TYPE "-" if none)
    meta    KEY     CONTENT           each <meta name=...> or <meta property=...>
                                      of the head (KEY is the name, else the
                                      property)
    title   TEXT                      the head's <title>
    jsonld  STRING                    the text of each <script
                                      type="application/ld+json"> anywhere in
                                      the page, as a JSON string literal
    script  TYPE    SRC               each other <script> anywhere ("-" if none)
    bodyhead TAG    KEY               a <link> or <meta> found after the head

Tabs, newlines and backslashes inside values are written as \\t, \\n, \\\\,
so that a line is always one element. Exits 1 if the page has no <head>.
"""
import json
import sys
from html.parser import HTMLParser


def clean(value):
    if value is None:
        return "-"
    return (value.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


class Head(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = []
        self.state = "before"   # before, head, after
        self.saw_head = False
        self.in_title = False
        self.title = ""
        self.script = None      # [type, text] inside a data script

    def handle_starttag(self, tag, attrs):
        a = {}
        for k, v in attrs:
            a.setdefault(k.lower(), v if v is not None else "")
        if tag == "head":
            self.state = "head"
            self.saw_head = True
        elif tag == "body":
            self.state = "after"
        if tag in ("link", "meta"):
            self.element(tag, a)
        elif tag == "title" and self.state == "head":
            self.in_title = True
        elif tag == "script":
            kind = a.get("type", "")
            if kind.strip().lower() == "application/ld+json":
                self.script = [kind, ""]
            else:
                self.lines.append(["script", clean(a.get("type")),
                                   clean(a.get("src"))])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def element(self, tag, a):
        if self.state == "after":
            key = a.get("rel") or a.get("name") or a.get("property")
            self.lines.append(["bodyhead", tag, clean(key)])
        elif tag == "link":
            self.lines.append(["link", clean(a.get("rel", "")),
                               clean(a.get("type")), clean(a.get("href"))])
        elif "name" in a or "property" in a:
            key = a.get("name") or a.get("property")
            self.lines.append(["meta", clean(key), clean(a.get("content"))])

    def handle_endtag(self, tag):
        if tag == "head":
            self.state = "after"
        elif tag == "title" and self.in_title:
            self.in_title = False
            self.lines.append(["title", clean(self.title)])
        elif tag == "script" and self.script is not None:
            self.lines.append(["jsonld", json.dumps(self.script[1])])
            self.script = None

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif self.script is not None:
            self.script[1] += data


def main():
    sys.stdout.reconfigure(encoding="utf-8")
    with open(sys.argv[1], encoding="utf-8") as f:
        page = f.read()
    p = Head()
    p.feed(page)
    p.close()
    for line in p.lines:
        print("\t".join(line))
    return 0 if p.saw_head else 1


if __name__ == "__main__":
    sys.exit(main())

{{%AUTOESCAPE context="XML"}}
{{! feed.atom.tpl: the Atom 1.0 feed, rendered alone. ENTRY_CONTENT is the }}
{{! post's HTML as a string, escaped here for <content type="html">. }}
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>{{FEED_TITLE}}</title>
<id>{{FEED_ID}}</id>
<link rel="self" type="application/atom+xml" href="{{FEED_URL}}"/>
<link rel="alternate" type="text/html" href="{{SITE_URL}}"/>
<updated>{{UPDATED}}</updated>
<author><name>{{AUTHOR_NAME}}</name></author>
{{#ENTRY}}
<entry>
<title>{{ENTRY_TITLE}}</title>
<link rel="alternate" type="text/html" href="{{ENTRY_URL}}"/>
<id>{{ENTRY_ID}}</id>
<published>{{ENTRY_PUBLISHED}}</published>
<updated>{{ENTRY_UPDATED}}</updated>
<author><name>{{ENTRY_AUTHOR_NAME}}</name></author>
{{#ENTRY_CATEGORY}}
<category term="{{TAG_NAME}}"/>
{{/ENTRY_CATEGORY}}
<content type="html">{{ENTRY_CONTENT}}</content>
</entry>
{{/ENTRY}}
</feed>

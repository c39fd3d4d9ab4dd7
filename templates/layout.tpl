{{%AUTOESCAPE context="HTML"}}
{{! layout.tpl: the shell of every HTML page. view_render_page() includes }}
{{! the page's own template as CONTENT, inside <main>. }}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{DOC_TITLE}}</title>
{{! What search engines, feed readers and link previews read (meta.h). }}
{{#NOINDEX}}
<meta name="robots" content="noindex">
{{/NOINDEX}}
<link rel="canonical" href="{{CANONICAL_URL}}">
<meta name="description" content="{{DESCRIPTION}}">
<meta property="og:site_name" content="{{BLOG_TITLE}}">
<meta property="og:type" content="{{OG_TYPE}}">
<meta property="og:title" content="{{OG_TITLE}}">
<meta property="og:description" content="{{DESCRIPTION}}">
<meta property="og:url" content="{{CANONICAL_URL}}">
{{#OG_IMAGE}}
<meta property="og:image" content="{{OG_IMAGE_URL}}">
<meta property="og:image:type" content="{{OG_IMAGE_TYPE}}">
<meta property="og:image:width" content="{{OG_IMAGE_WIDTH}}">
<meta property="og:image:height" content="{{OG_IMAGE_HEIGHT}}">
{{/OG_IMAGE}}
{{#ARTICLE}}
<meta property="article:published_time" content="{{PUBLISHED_TIME}}">
<meta property="article:modified_time" content="{{MODIFIED_TIME}}">
{{#ARTICLE_TAG}}
<meta property="article:tag" content="{{ARTICLE_TAG_NAME}}">
{{/ARTICLE_TAG}}
{{/ARTICLE}}
<meta name="twitter:card" content="{{TWITTER_CARD}}">
<link rel="alternate" type="application/atom+xml" title="{{BLOG_TITLE}}" href="{{FEED_URL}}">
{{#TAG_FEED}}
<link rel="alternate" type="application/atom+xml" title="{{TAG_FEED_TITLE}}" href="{{TAG_FEED_URL}}">
{{/TAG_FEED}}
{{#JSON_LD}}
<script type="application/ld+json">{{JSON_LD_TEXT:none}}</script>
{{/JSON_LD}}
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
{{#UPLOAD_SCRIPT}}
<script src="/static/upload.js" defer></script>
{{/UPLOAD_SCRIPT}}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<div class="bar">
<a class="site-title" href="/blog/">{{BLOG_TITLE}}</a>
<nav class="site-nav" aria-label="Site">
<ul>
<li><a href="/blog/tags">Tags</a></li>
{{#SIGNED_IN}}
<li><a href="/blog/create">New post</a></li>
<li><a href="/blog/manage">Manage posts</a></li>
<li><a href="/blog/media">Images</a></li>
<li>
<form class="inline" method="post" action="/logout">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" class="link">Sign out <span class="visually-hidden">{{USERNAME}}</span></button>
</form>
</li>
{{/SIGNED_IN}}
{{#SIGNED_OUT}}
<li><a href="/login">Sign in</a></li>
{{/SIGNED_OUT}}
</ul>
</nav>
</div>
<form class="search" role="search" method="get" action="/blog/">
<label for="search-q" class="visually-hidden">Search posts</label>
<input type="search" id="search-q" name="q" value="{{SEARCH_Q}}" placeholder="Search posts">
<button type="submit">Search</button>
</form>
</header>
<main id="main" tabindex="-1">
{{>CONTENT}}
</main>
<footer class="site-footer">
<p>{{BLOG_TITLE}} · <a href="/blog/feed.atom">Atom feed</a>{{#SIGNED_IN}} · Signed in as {{USERNAME}}{{/SIGNED_IN}}</p>
</footer>
</body>
</html>

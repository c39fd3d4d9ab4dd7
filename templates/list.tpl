{{%AUTOESCAPE context="HTML"}}
{{! list.tpl: a list of posts, newest first, with pagination: the index }}
{{! /blog/, a search /blog/?q=, and a tag's page /blog/tag/<slug>. }}
<h1>{{HEADING}}</h1>
{{#COUNT_NOTE}}
<p class="search-count">{{COUNT_TEXT}}</p>
{{/COUNT_NOTE}}
{{#IGNORED_NOTE}}
<p class="search-ignored">{{IGNORED_TEXT}}</p>
{{/IGNORED_NOTE}}
{{#NO_POSTS}}
<p class="empty">{{NO_POSTS_MESSAGE}}</p>
{{/NO_POSTS}}
{{#POST}}
<article class="summary">
<h2><a href="/blog/{{SLUG}}">{{TITLE}}</a></h2>
<p class="meta"><time datetime="{{DATE_ISO}}">{{DATE_HUMAN}}</time>{{#TAG}} <a class="tag" href="/blog/tag/{{TAG_SLUG}}">{{TAG_NAME}}</a>{{/TAG}}</p>
<p>{{EXCERPT}}</p>
</article>
{{/POST}}
{{#PAGINATION}}
<nav class="pagination" aria-label="Pages">
{{#PREV}}
<a rel="prev" href="{{PREV_URL}}"><span aria-hidden="true">←</span> Newer posts</a>
{{/PREV}}
<span class="page-of">Page {{PAGE}} of {{PAGES}}</span>
{{#NEXT}}
<a rel="next" href="{{NEXT_URL}}">Older posts <span aria-hidden="true">→</span></a>
{{/NEXT}}
</nav>
{{/PAGINATION}}

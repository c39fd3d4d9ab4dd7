{{%AUTOESCAPE context="HTML"}}
{{! post.tpl: one post, /blog/<slug>. BODY_HTML is the body as }}
{{! markdown_to_html() rendered it, the one value written unescaped. }}
{{! A post readers do not see (a draft, a scheduled post, the trash, a }}
{{! preview) has its BANNER above the article, which is the same. }}
{{#BANNER}}
<div class="banner" role="status"><p>{{BANNER_TEXT}}</p></div>
{{/BANNER}}
<article class="post">
<header class="post-header">
<h1>{{TITLE}}</h1>
<p class="meta">
<time datetime="{{DATE_ISO}}">{{DATE_HUMAN}}</time>
{{#BYLINE}}
<span class="byline">by <span class="author">{{AUTHOR}}</span></span>
{{/BYLINE}}
{{#UPDATED}}
<span class="updated">· updated <time datetime="{{UPDATED_ISO}}">{{UPDATED_HUMAN}}</time></span>
{{/UPDATED}}
{{#TAG}}
<a class="tag" href="/blog/tag/{{TAG_SLUG}}">{{TAG_NAME}}</a>
{{/TAG}}
</p>
</header>
{{#FEATURED}}
<img class="featured" src="{{FEATURED_SRC}}" width="{{FEATURED_WIDTH}}" height="{{FEATURED_HEIGHT}}" srcset="{{FEATURED_SRCSET}}" sizes="{{FEATURED_SIZES}}" alt="" decoding="async" fetchpriority="high">
{{/FEATURED}}
<div class="post-body">
{{BODY_HTML:none}}
</div>
{{#CAN_EDIT}}
<footer class="post-actions">
<a class="button" href="/blog/{{SLUG}}/edit">Edit</a>
{{#NOT_TRASHED}}
<form class="inline" method="post" action="/blog/{{SLUG}}/delete">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" class="danger" aria-describedby="trash-help">Move to trash</button>
</form>
<span class="help" id="trash-help">You can restore it from <a href="/blog/manage">Manage posts</a>.</span>
{{/NOT_TRASHED}}
{{#TRASHED}}
<form class="inline" method="post" action="/blog/{{SLUG}}/restore">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit">Restore</button>
</form>
{{/TRASHED}}
</footer>
{{/CAN_EDIT}}
</article>

{{%AUTOESCAPE context="HTML"}}
{{! post.tpl: one post, /blog/<slug>. BODY_HTML is the body as }}
{{! markdown_to_html() rendered it, the one value written unescaped. }}
<article class="post">
<header class="post-header">
<h1>{{TITLE}}</h1>
<p class="meta">
<time datetime="{{DATE_ISO}}">{{DATE_HUMAN}}</time>
{{#UPDATED}}
<span class="updated">· updated <time datetime="{{UPDATED_ISO}}">{{UPDATED_HUMAN}}</time></span>
{{/UPDATED}}
{{#TAG}}
<a class="tag" href="/blog/tag/{{TAG_SLUG}}">{{TAG_NAME}}</a>
{{/TAG}}
</p>
</header>
<div class="post-body">
{{BODY_HTML:none}}
</div>
{{#CAN_EDIT}}
<footer class="post-actions">
<a class="button" href="/blog/{{SLUG}}/edit">Edit</a>
<form class="inline" method="post" action="/blog/{{SLUG}}/delete">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" class="danger">Delete</button>
</form>
</footer>
{{/CAN_EDIT}}
</article>

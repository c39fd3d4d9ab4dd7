{{%AUTOESCAPE context="HTML"}}
{{! tags.tpl: every tag with its number of posts, /blog/tags. }}
<h1>Tags</h1>
{{#NO_TAGS}}
<p class="empty">No tags yet.</p>
{{/NO_TAGS}}
<ul class="tag-list">
{{#TAG}}
<li><a class="tag" href="/blog/tag/{{TAG_SLUG}}">{{TAG_NAME}}</a> <span class="count"><span class="visually-hidden">posts: </span>{{TAG_COUNT}}</span></li>
{{/TAG}}
</ul>

{{%AUTOESCAPE context="HTML"}}
{{! manage.tpl: /blog/manage, what readers do not see: drafts, scheduled }}
{{! posts and the trash, each row with its actions. Times are in the }}
{{! blog's time zone (TIMEZONE). }}
<h1>Manage posts</h1>
<p class="help">Times are in {{TIMEZONE}}. Published posts are on <a href="/blog/">the blog</a>.</p>
{{#DRAFTS}}
<section class="manage" aria-labelledby="manage-drafts">
<h2 id="manage-drafts">Drafts</h2>
{{#EMPTY}}<p class="empty">{{EMPTY_TEXT}}</p>{{/EMPTY}}
<ul class="manage-list">
{{#ROW}}
<li>
<a href="/blog/{{SLUG}}">{{TITLE}}</a>
<span class="meta">changed <time datetime="{{WHEN_ISO}}">{{WHEN_HUMAN}}</time>{{#BYLINE}} · by {{AUTHOR}}{{/BYLINE}}</span>
<div class="manage-actions">
<a class="button" href="/blog/{{SLUG}}/edit">Edit</a>
<form class="inline" method="post" action="/blog/{{SLUG}}/delete">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" class="danger">Move to trash</button>
</form>
</div>
</li>
{{/ROW}}
</ul>
{{#MORE}}<p class="help">{{MORE_TEXT}}</p>{{/MORE}}
</section>
{{/DRAFTS}}
{{#SCHEDULED}}
<section class="manage" aria-labelledby="manage-scheduled">
<h2 id="manage-scheduled">Scheduled</h2>
{{#EMPTY}}<p class="empty">{{EMPTY_TEXT}}</p>{{/EMPTY}}
<ul class="manage-list">
{{#ROW}}
<li>
<a href="/blog/{{SLUG}}">{{TITLE}}</a>
<span class="meta">appears <time datetime="{{WHEN_ISO}}">{{WHEN_HUMAN}}</time>{{#BYLINE}} · by {{AUTHOR}}{{/BYLINE}}</span>
<div class="manage-actions">
<a class="button" href="/blog/{{SLUG}}/edit">Edit</a>
<form class="inline" method="post" action="/blog/{{SLUG}}/delete">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" class="danger">Move to trash</button>
</form>
</div>
</li>
{{/ROW}}
</ul>
{{#MORE}}<p class="help">{{MORE_TEXT}}</p>{{/MORE}}
</section>
{{/SCHEDULED}}
{{#TRASH}}
<section class="manage" aria-labelledby="manage-trash">
<h2 id="manage-trash">Trash</h2>
<p class="help">Posts in the trash are deleted for good {{TRASH_DAYS}} days after they were trashed.</p>
{{#EMPTY}}<p class="empty">{{EMPTY_TEXT}}</p>{{/EMPTY}}
<ul class="manage-list">
{{#ROW}}
<li>
<a href="/blog/{{SLUG}}">{{TITLE}}</a>
<span class="meta">trashed <time datetime="{{WHEN_ISO}}">{{WHEN_HUMAN}}</time>{{#BYLINE}} · by {{AUTHOR}}{{/BYLINE}}</span>
<div class="manage-actions">
<form class="inline" method="post" action="/blog/{{SLUG}}/restore">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit">Restore</button>
</form>
</div>
</li>
{{/ROW}}
</ul>
{{#MORE}}<p class="help">{{MORE_TEXT}}</p>{{/MORE}}
</section>
{{/TRASH}}

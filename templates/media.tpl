{{%AUTOESCAPE context="HTML"}}
{{! media.tpl: /blog/media, the uploaded images: an upload form (the csrf }}
{{! token first, so that it comes before the files), then the images, }}
{{! newest first, each with a thumbnail (its 480 copy, or itself when }}
{{! smaller), its size in pixels and bytes, the Markdown that shows it }}
{{! and a delete button; paged as the index. IN_USE: the 409 page's list }}
{{! of the posts that show an image. }}
<h1>Images</h1>
{{#FORM_ERROR}}
<div class="alert" role="alert"><p>{{ERROR_MESSAGE}}</p></div>
{{/FORM_ERROR}}
{{#IN_USE}}
<div class="alert" role="alert">
<p>{{IN_USE_TEXT}}</p>
<ul>
{{#USER}}<li><a href="/blog/{{SLUG}}">{{TITLE}}</a></li>
{{/USER}}
</ul>
</div>
{{/IN_USE}}
<form class="upload-form" method="post" action="/blog/media" enctype="multipart/form-data">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<div class="field">
<label for="media-file">Images to upload</label>
<input type="file" id="media-file" name="file" accept="image/jpeg,image/png,image/gif,image/webp" multiple required aria-describedby="media-file-help">
<p class="help" id="media-file-help">JPEG, PNG, GIF or WebP, up to {{MAX_UPLOAD}} a time and {{MAX_MEGAPIXELS}} million pixels an image. Location and other metadata are removed; the picture is turned upright.</p>
</div>
<div class="actions">
<button type="submit">Upload</button>
</div>
</form>
{{#EMPTY}}<p class="empty">No images yet.</p>{{/EMPTY}}
{{#IMAGES}}
<ul class="media-list">
{{#IMAGE}}
<li class="media-item">
<img src="{{THUMB_URL}}" width="{{THUMB_WIDTH}}" height="{{THUMB_HEIGHT}}" alt="" loading="lazy" decoding="async">
<div class="media-about">
<p class="meta">{{WIDTH}} × {{HEIGHT}} pixels, {{BYTES}} · uploaded <time datetime="{{WHEN_ISO}}">{{WHEN_HUMAN}}</time></p>
<label for="media-markdown-{{ID}}">Markdown</label>
<input type="text" id="media-markdown-{{ID}}" class="media-markdown" value="{{MARKDOWN}}" readonly>
<form class="inline" method="post" action="/blog/media/{{ID}}/delete">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" class="danger">Delete<span class="visually-hidden"> image {{ID}}</span></button>
</form>
</div>
</li>
{{/IMAGE}}
</ul>
{{/IMAGES}}
{{#PAGINATION}}
<nav class="pagination" aria-label="Pages">
{{#PREV}}
<a rel="prev" href="{{PREV_URL}}"><span aria-hidden="true">←</span> Newer images</a>
{{/PREV}}
<span class="page-of">Page {{PAGE}} of {{PAGES}}</span>
{{#NEXT}}
<a rel="next" href="{{NEXT_URL}}">Older images <span aria-hidden="true">→</span></a>
{{/NEXT}}
</nav>
{{/PAGINATION}}

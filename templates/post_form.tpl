{{%AUTOESCAPE context="HTML"}}
{{! post_form.tpl: writing a new post or changing one. Each field's error }}
{{! sits under it, tied to it with aria-describedby; the input is kept, }}
{{! and the first field in error takes the focus (FOCUS: autofocus, which }}
{{! HTML allows once a page), so the caret is back where the author was. }}
{{! The body is pre_escape'd: plain HTML escaping would turn its line }}
{{! breaks into spaces, and each edit would run the post into one line. }}
{{! The status buttons: Publish first, so that Enter in a field publishes, }}
{{! as the form did before drafts; Preview opens in a tab of its own. }}
<h1>{{HEADING}}</h1>
{{#STANDING}}
<p class="standing" id="post-standing">{{STANDING_NOTE}}</p>
{{/STANDING}}
{{#FORM_ERROR}}
<div class="alert" role="alert"><p>{{ERROR_MESSAGE}}</p></div>
{{/FORM_ERROR}}
<form class="post-form" method="post" action="{{FORM_ACTION}}">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
{{#REVISION}}
<input type="hidden" name="revision" value="{{REVISION_VALUE}}">
{{/REVISION}}
{{#REVISION_ERROR}}
<div class="alert" role="alert"><p>{{ERROR_MESSAGE}}</p></div>
{{/REVISION_ERROR}}
{{#STATUS_ERROR}}
<div class="alert" role="alert"><p>{{ERROR_MESSAGE}}</p></div>
{{/STATUS_ERROR}}
<div class="field">
<label for="post-title">Title</label>
<input type="text" id="post-title" name="title" value="{{TITLE_VALUE}}" required{{#TITLE_ERROR}} aria-invalid="true" aria-describedby="post-title-error"{{#FOCUS}} autofocus{{/FOCUS}}{{/TITLE_ERROR}}>
{{#TITLE_ERROR}}
<p class="field-error" id="post-title-error">{{ERROR_MESSAGE}}</p>
{{/TITLE_ERROR}}
</div>
<div class="field">
<label for="post-body">Body</label>
<textarea id="post-body" name="body" rows="18" required aria-describedby="post-body-help{{#BODY_ERROR}} post-body-error{{/BODY_ERROR}}"{{#BODY_ERROR}} aria-invalid="true"{{#FOCUS}} autofocus{{/FOCUS}}{{/BODY_ERROR}}>{{BODY_VALUE:pre_escape}}</textarea>
{{#BODY_ERROR}}
<p class="field-error" id="post-body-error">{{ERROR_MESSAGE}}</p>
{{/BODY_ERROR}}
<div class="upload" data-upload-for="post-body" hidden>
<input type="file" id="post-upload" class="visually-hidden" accept="image/jpeg,image/png,image/gif,image/webp" multiple>
<label for="post-upload" class="button secondary">Add images</label>
<span class="help">or drop them on the text. They go in where the caret is.</span>
<progress class="upload-progress" max="100" value="0" hidden></progress>
<p class="upload-status" role="status" aria-live="polite"></p>
</div>
<div class="help" id="post-body-help">
<p><a href="/blog/media" target="_blank">Upload images</a> (a new tab), then copy their Markdown here.</p>
<p>Written in Markdown: <code>*italic*</code>, <code>**bold**</code>, <code>[a link](https://example.org/)</code>, <code>![a picture](/media/…)</code>, <code>`code`</code>, <code>## Heading</code>, <code>- list item</code>, <code>&gt; quote</code>; a line of <code>```</code> above and below a code block. HTML is shown as text.</p>
</div>
</div>
<div class="field">
<label for="post-tags">Tags</label>
<input type="text" id="post-tags" name="tags" value="{{TAGS_VALUE}}" aria-describedby="post-tags-help{{#TAGS_ERROR}} post-tags-error{{/TAGS_ERROR}}"{{#TAGS_ERROR}} aria-invalid="true"{{#FOCUS}} autofocus{{/FOCUS}}{{/TAGS_ERROR}}>
{{#TAGS_ERROR}}
<p class="field-error" id="post-tags-error">{{ERROR_MESSAGE}}</p>
{{/TAGS_ERROR}}
<p class="help" id="post-tags-help">Separated by commas, e.g. <code>travel, photos</code>.</p>
</div>
<div class="field">
<label for="post-publish-at">Publish at</label>
<input type="datetime-local" id="post-publish-at" name="publish_at" value="{{PUBLISH_AT_VALUE}}" aria-describedby="post-publish-at-help{{#PUBLISH_AT_ERROR}} post-publish-at-error{{/PUBLISH_AT_ERROR}}"{{#PUBLISH_AT_ERROR}} aria-invalid="true"{{#FOCUS}} autofocus{{/FOCUS}}{{/PUBLISH_AT_ERROR}}>
{{#PUBLISH_AT_ERROR}}
<p class="field-error" id="post-publish-at-error">{{ERROR_MESSAGE}}</p>
{{/PUBLISH_AT_ERROR}}
<p class="help" id="post-publish-at-help">In {{TIMEZONE}}. Empty: now, when you publish. A later time schedules the post: readers see it from then.</p>
</div>
<div class="field">
<label for="post-featured-image">Featured image</label>
<input type="text" id="post-featured-image" name="featured_image" value="{{FEATURED_IMAGE_VALUE}}" inputmode="url" spellcheck="false" aria-describedby="post-featured-image-help{{#FEATURED_IMAGE_ERROR}} post-featured-image-error{{/FEATURED_IMAGE_ERROR}}"{{#FEATURED_IMAGE_ERROR}} aria-invalid="true"{{#FOCUS}} autofocus{{/FOCUS}}{{/FEATURED_IMAGE_ERROR}}>
{{#FEATURED_IMAGE_ERROR}}
<p class="field-error" id="post-featured-image-error">{{ERROR_MESSAGE}}</p>
{{/FEATURED_IMAGE_ERROR}}
<p class="help" id="post-featured-image-help">Optional: the address of an uploaded image, as <code>/media/…</code>, shown above the post and where it is shared.</p>
</div>
<div class="actions">
<button type="submit" name="status" value="published">Publish</button>
<button type="submit" name="status" value="draft" class="secondary">Save draft</button>
<button type="submit" class="secondary" formaction="/blog/preview" formtarget="_blank">Preview</button>
</div>
</form>

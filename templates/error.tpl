{{%AUTOESCAPE context="HTML"}}
{{! error.tpl: the page for an error status (400, 403, 404, 405, 413, 500, }}
{{! 503), its title, one sentence, and a way back. }}
<h1>{{ERROR_TITLE}}</h1>
<p>{{ERROR_MESSAGE}}</p>
<p class="meta">Error {{STATUS}} · <a href="/blog/">Back to the blog</a></p>

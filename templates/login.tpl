{{%AUTOESCAPE context="HTML"}}
{{! login.tpl: signing in, /login. NEXT is where to go after, kept in a }}
{{! hidden field; the error never says which field was wrong. }}
<h1>Sign in</h1>
{{#LOGIN_ERROR}}
<div class="alert" role="alert"><p>{{ERROR_MESSAGE}}</p></div>
{{/LOGIN_ERROR}}
<form class="login-form" method="post" action="/login">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="next" value="{{NEXT}}">
<div class="field">
<label for="login-username">Username</label>
<input type="text" id="login-username" name="username" value="{{USERNAME_VALUE}}" autocomplete="username" autocapitalize="none" spellcheck="false" required>
</div>
<div class="field">
<label for="login-password">Password</label>
<input type="password" id="login-password" name="password" autocomplete="current-password" required>
</div>
<div class="actions">
<button type="submit">Sign in</button>
</div>
</form>

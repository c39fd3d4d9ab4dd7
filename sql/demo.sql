-- Demo posts for a first `make run` into an empty database (scripts/run.sh).
-- Tags are linked by slug so the file reads without knowing the ids.
SET NAMES utf8mb4;
SET time_zone = '+00:00';

INSERT INTO tags (name, slug) VALUES
    ('C', 'c'),
    ('Web', 'web'),
    ('Databases', 'databases'),
    ('Writing', 'writing'),
    ('Путешествия', 'puteshestviya');

INSERT INTO posts (title, slug, body, created_at, updated_at) VALUES
('Hello, world', 'hello-world',
'Welcome to a **classic blog**, written in C and served by Apache httpd.

Posts are written in [Markdown](https://commonmark.org/), every page is plain
HTML, and there is an [Atom feed](/blog/feed.atom) for your reader.

- fast pages
- permanent links
- tags and search', '2026-11-01 09:00:00', '2026-11-01 09:00:00'),

('Why FastCGI still makes sense', 'why-fastcgi-still-makes-sense',
'A FastCGI worker is a long-lived process: it parses its templates once, keeps
its database connection open and prepares its statements a single time.

```c
while (FCGX_Accept_r(&request) >= 0)
        handle(&request);
```

Apache supervises the workers and restarts them if one dies, so the program
stays small and does one job.', '2026-11-05 18:30:00', '2026-11-05 18:30:00'),

('Prepared statements, always', 'prepared-statements-always',
'Every query in this blog is a prepared statement with `?` placeholders.
Nothing a reader types is ever pasted into SQL text, so a search for
`'' OR 1=1 --` is only a search.

> Strings never concatenated into SQL, headers or HTML.', '2026-11-10 12:15:00', '2026-11-12 08:00:00'),

('Первый пост', 'pervyy-post',
'Это первый пост на русском языке. Заголовок превращается в адрес
**pervyy-post** транслитерацией, поэтому ссылка читается и остаётся
постоянной.

Поиск тоже понимает кириллицу: попробуйте найти слово «транслитерацией».', '2026-11-15 07:45:00', '2026-11-15 07:45:00'),

('Notes on writing short posts', 'notes-on-writing-short-posts',
'1. Say one thing.
2. Put it in the title.
3. Cut the first paragraph; the second one is usually where it starts.

| rule | why |
| --- | --- |
| one idea | readers skim |
| short title | it becomes the link |', '2026-11-20 16:00:00', '2026-11-20 16:00:00');

INSERT INTO post_tags (post_id, tag_id)
SELECT p.id, t.id
FROM posts p JOIN tags t ON (p.slug, t.slug) IN (
    ('hello-world', 'web'),
    ('hello-world', 'writing'),
    ('why-fastcgi-still-makes-sense', 'c'),
    ('why-fastcgi-still-makes-sense', 'web'),
    ('prepared-statements-always', 'c'),
    ('prepared-statements-always', 'databases'),
    ('pervyy-post', 'puteshestviya'),
    ('pervyy-post', 'writing'),
    ('notes-on-writing-short-posts', 'writing')
);

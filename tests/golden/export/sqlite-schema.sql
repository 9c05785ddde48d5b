CREATE INDEX messages_conversation ON messages(conversation);
CREATE INDEX post_media_post ON post_media(post_id);
CREATE INDEX post_tags_tag ON post_tags(tag);
CREATE INDEX posts_author ON posts(author);
CREATE INDEX posts_created ON posts(created_at);
CREATE INDEX posts_reply_to ON posts(reply_to);
CREATE TABLE account_ids (id TEXT PRIMARY KEY, in_archive INTEGER NOT NULL);
CREATE TABLE accounts ("id" TEXT PRIMARY KEY, "network" TEXT, "handle" TEXT, "display_name" TEXT, "url" TEXT, "is_owner" TEXT, "created_at" TEXT, "bio" TEXT, "location" TEXT, "website" TEXT, "avatar_url" TEXT, "header_url" TEXT, "verified" TEXT, "protected" TEXT, "handle_history" TEXT, "raw_times" TEXT, "source" TEXT, "ext" TEXT);
CREATE TABLE conversation_ids (id TEXT PRIMARY KEY, in_archive INTEGER NOT NULL);
CREATE TABLE conversations ("id" TEXT PRIMARY KEY, "network" TEXT, "participants" TEXT, "title" TEXT, "group" TEXT, "events" TEXT, "message_count" INTEGER, "source" TEXT, "ext" TEXT);
CREATE TABLE media ("id" TEXT PRIMARY KEY, "network" TEXT, "kind" TEXT, "mime" TEXT, "sha256" TEXT, "bytes" INTEGER, "path" TEXT, "original_path" TEXT, "alt_text" TEXT, "original_url" TEXT, "attached_to" TEXT, "missing" TEXT, "source" TEXT, "ext" TEXT);
CREATE TABLE media_ids (id TEXT PRIMARY KEY, in_archive INTEGER NOT NULL);
CREATE TABLE messages ("id" TEXT PRIMARY KEY, "network" TEXT, "conversation" TEXT REFERENCES conversation_ids(id), "sender" TEXT REFERENCES account_ids(id), "recipients" TEXT, "sent_at" TEXT, "visibility" TEXT, "text" TEXT, "media" TEXT, "links" TEXT, "reply_to" TEXT, "encrypted" TEXT, "history" TEXT, "raw_times" TEXT, "source" TEXT, "ext" TEXT);
CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='rowid');
CREATE TABLE post_ids (id TEXT PRIMARY KEY, in_archive INTEGER NOT NULL);
CREATE TABLE post_media (post_id TEXT NOT NULL REFERENCES post_ids(id), media_id TEXT NOT NULL REFERENCES media_ids(id), position INTEGER NOT NULL);
CREATE TABLE post_tags (post_id TEXT NOT NULL REFERENCES post_ids(id), tag TEXT NOT NULL);
CREATE TABLE posts ("id" TEXT PRIMARY KEY, "network" TEXT, "author" TEXT REFERENCES account_ids(id), "created_at" TEXT, "visibility" TEXT, "text" TEXT, "html" TEXT, "title" TEXT, "content_warning" TEXT, "lang" TEXT, "url" TEXT, "reply_to" TEXT REFERENCES post_ids(id), "reply_to_account" TEXT REFERENCES account_ids(id), "quote_of" TEXT REFERENCES post_ids(id), "repost_of" TEXT REFERENCES post_ids(id), "repost_of_account" TEXT REFERENCES account_ids(id), "status" TEXT, "media" TEXT, "links" TEXT, "mentions" TEXT, "tags" TEXT, "symbols" TEXT, "styles" TEXT, "client" TEXT, "metrics" TEXT, "sensitive" TEXT, "community" TEXT, "edited_at" TEXT, "deleted_at" TEXT, "history" TEXT, "raw_times" TEXT, "source" TEXT, "ext" TEXT);
CREATE VIRTUAL TABLE posts_fts USING fts5(text, content='posts', content_rowid='rowid');
CREATE TABLE reactions ("id" TEXT PRIMARY KEY, "network" TEXT, "kind" TEXT, "actor" TEXT REFERENCES account_ids(id), "target" TEXT, "emoji" TEXT, "created_at" TEXT, "target_text" TEXT, "target_url" TEXT, "raw_times" TEXT, "source" TEXT, "ext" TEXT);
CREATE TABLE relationships ("id" TEXT PRIMARY KEY, "network" TEXT, "kind" TEXT, "subject" TEXT REFERENCES account_ids(id), "object" TEXT, "since" TEXT, "raw_times" TEXT, "source" TEXT, "ext" TEXT);
CREATE VIEW replies AS
           SELECT parent.id AS parent_id, child.id AS reply_id, child.author AS reply_author,
                  child.created_at AS reply_created_at, child.text AS reply_text
           FROM posts child JOIN posts parent ON child.reply_to = parent.id;
CREATE VIEW threads AS
           WITH RECURSIVE t(id, root, depth) AS (
             SELECT id, id, 0 FROM posts
               WHERE reply_to IS NULL OR reply_to NOT IN (SELECT id FROM posts)
             UNION ALL
             SELECT p.id, t.root, t.depth + 1 FROM posts p JOIN t ON p.reply_to = t.id
           )
           SELECT t.root AS root, t.depth AS depth, p.* FROM t JOIN posts p ON p.id = t.id;

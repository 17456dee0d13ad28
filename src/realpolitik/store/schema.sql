-- realpolitik event store, schema version 1 (see docs/store.md).
-- Run once on a fresh store; later versions change it through migrations
-- in duckdb_store.MIGRATIONS, never by editing an existing store by hand.

CREATE TABLE IF NOT EXISTS meta (
    schema_version INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL          -- UTC
);

CREATE TABLE IF NOT EXISTS documents (
    doc_key     VARCHAR PRIMARY KEY,           -- sha256 of the text (Document.content_hash)
    doc_id      VARCHAR NOT NULL,              -- path or name as first given
    title       VARCHAR,
    date        DATE,
    source      VARCHAR,
    text        VARCHAR NOT NULL,
    n_chars     INTEGER NOT NULL,
    ingested_at TIMESTAMP NOT NULL             -- UTC
);

CREATE TABLE IF NOT EXISTS actors (
    code          VARCHAR PRIMARY KEY,         -- CAMEO-style code: VENGOV, RUSMIL, NATO
    country       VARCHAR,                     -- ISO-3, NULL for organisations
    sector        VARCHAR,
    kind          VARCHAR,                     -- state | organisation | person | group | region
    text          VARCHAR,                     -- surface text the first time it was seen
    first_doc_key VARCHAR,
    first_seen_at TIMESTAMP                    -- UTC
);

CREATE TABLE IF NOT EXISTS events (
    event_id         VARCHAR PRIMARY KEY,      -- Event.event_id
    doc_key          VARCHAR NOT NULL,
    type             VARCHAR NOT NULL,
    cameo            VARCHAR,
    goldstein        DOUBLE,
    quad_class       INTEGER,
    source_codes     VARCHAR[],
    target_codes     VARCHAR[],
    source_countries VARCHAR[],
    target_countries VARCHAR[],
    reciprocal       BOOLEAN,
    modality         VARCHAR,
    attribution_code VARCHAR,
    date_value       VARCHAR,                  -- Event.date['value'], ISO 8601 or partial
    date             JSON,
    location         JSON,
    confidence       DOUBLE,
    sentence_index   INTEGER,
    sentence         VARCHAR,
    sentence_start   INTEGER,
    sentence_end     INTEGER,
    trigger_start    INTEGER,
    trigger_end      INTEGER,
    trigger          VARCHAR,
    rule             VARCHAR,
    payload          JSON NOT NULL             -- the full Event.to_dict()
);

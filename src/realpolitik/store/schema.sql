-- realpolitik event store, schema version 2 (see docs/store.md).
-- Run once on a fresh store; older stores are brought to this version by the
-- steps in duckdb_store.MIGRATIONS, never by editing an existing store by hand.
-- Columns that migrations add to an existing table come last here, in the order
-- the migration adds them, so that new and migrated stores are identical.

CREATE TABLE IF NOT EXISTS meta (
    schema_version INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL          -- UTC
);

-- version 2: the parameters that signatures, duplicate links and merged events were made with
CREATE TABLE IF NOT EXISTS settings (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
    doc_key        VARCHAR PRIMARY KEY,        -- sha256 of the text (Document.content_hash)
    doc_id         VARCHAR NOT NULL,           -- path or name as first given
    title          VARCHAR,
    date           DATE,
    source         VARCHAR,                    -- publisher or feed
    text           VARCHAR NOT NULL,
    n_chars        INTEGER NOT NULL,
    ingested_at    TIMESTAMP NOT NULL,         -- UTC
    -- version 2
    url            VARCHAR,
    duplicate_of   VARCHAR,                    -- doc_key of the earliest near-duplicate, or NULL
    signature      BLOB,                       -- MinHash of the word shingles (dedup.py)
    window_start   DATE,                       -- DocumentResult.date_window
    window_end     DATE,
    window_reasons JSON
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
    payload          JSON NOT NULL,            -- the full Event.to_dict()
    -- version 2
    date_start       DATE,                     -- the span of date_value, when it parses
    date_end         DATE,
    place_country    VARCHAR,                  -- location['country']
    merge_key        VARCHAR,                  -- the strand: type, modality and sides (merge.py)
    merge_day        DATE,                     -- the day it is merged on (event day, else article date)
    merge_period     VARCHAR,                  -- or the coarse date value it is merged on
    merged_id        VARCHAR                   -- merged_events.merged_id
);

-- version 2: one row per group of mentions that report the same real-world event
CREATE TABLE IF NOT EXISTS merged_events (
    merged_id         VARCHAR PRIMARY KEY,
    merge_key         VARCHAR NOT NULL,
    type              VARCHAR NOT NULL,
    modality          VARCHAR,
    source_key        VARCHAR[],               -- countries (or codes) of the source side
    target_key        VARCHAR[],
    reciprocal        BOOLEAN,                 -- some mention goes both ways
    place_country     VARCHAR,
    date              DATE,                    -- the representative mention's day
    date_start        DATE,                    -- earliest and latest day of any mention
    date_end          DATE,
    date_period       VARCHAR,                 -- the coarse date value of a coarse group
    n_mentions        INTEGER NOT NULL,        -- event rows
    n_articles        INTEGER NOT NULL,        -- distinct documents, near-duplicates counted once
    n_sources         INTEGER NOT NULL,        -- distinct known publishers (documents.source)
    first_seen        DATE,                    -- earliest and latest article date
    last_seen         DATE,
    first_added_at    TIMESTAMP,               -- when its first mention was stored, UTC
    representative_id VARCHAR NOT NULL,        -- the most confident mention (events.event_id)
    cameo             VARCHAR,                 -- the representative's CAMEO code, Goldstein, quad class
    goldstein         DOUBLE,
    quad_class        INTEGER,
    confidence        DOUBLE,                  -- the representative's confidence
    is_root           BOOLEAN                  -- some mention is in its article's first sentence
);

-- version 2: DocumentResult.transfers
CREATE TABLE IF NOT EXISTS transfers (
    transfer_id    VARCHAR PRIMARY KEY,        -- stable: document, evidence span and record
    doc_key        VARCHAR NOT NULL,
    supplier       VARCHAR,                    -- ISO-3
    recipient      VARCHAR,
    item           VARCHAR NOT NULL,
    category       VARCHAR,
    quantity_value DOUBLE,
    quantity_exact BOOLEAN,
    quantity_unit  VARCHAR,
    quantity_text  VARCHAR,
    status         VARCHAR,
    year           VARCHAR,
    modality       VARCHAR,
    event_id       VARCHAR,                    -- events.event_id, when an event carries it
    sentence_index INTEGER,
    sentence       VARCHAR,
    sentence_start INTEGER,
    sentence_end   INTEGER,
    trigger_start  INTEGER,
    trigger_end    INTEGER,
    trigger        VARCHAR,
    rule           VARCHAR,
    payload        JSON NOT NULL               -- ArmsTransfer.to_dict()
);

-- version 2: DocumentResult.indicators
CREATE TABLE IF NOT EXISTS indicators (
    indicator_id   VARCHAR PRIMARY KEY,
    doc_key        VARCHAR NOT NULL,
    countries      VARCHAR[],
    metric         VARCHAR NOT NULL,
    value          DOUBLE,
    unit           VARCHAR,
    as_of          VARCHAR,
    sentence_index INTEGER,
    sentence       VARCHAR,
    sentence_start INTEGER,
    sentence_end   INTEGER,
    trigger_start  INTEGER,
    trigger_end    INTEGER,
    trigger        VARCHAR,
    rule           VARCHAR,
    payload        JSON NOT NULL               -- Indicator.to_dict()
);

-- version 2: DocumentResult.toponyms
CREATE TABLE IF NOT EXISTS toponyms (
    doc_key       VARCHAR NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    reading       VARCHAR,                     -- place | actor
    country       VARCHAR,
    lat           DOUBLE,
    lon           DOUBLE,
    geonames_id   BIGINT,
    feature_class VARCHAR,
    guessed       BOOLEAN,
    PRIMARY KEY (doc_key, span_start, span_end)
);

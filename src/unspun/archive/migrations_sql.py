"""The SQL of the archive's migrations (:data:`unspun.archive.schema.MIGRATIONS`), one string each.

Append only: a released migration is never edited; a change to the schema is a new string here and a new
:class:`~unspun.archive.schema.Migration` at the end of the list. docs/archive.md describes every table.
"""

V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE profiles (
    profile_key TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    created     TEXT NOT NULL
) STRICT;

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    started     TEXT NOT NULL,
    finished    TEXT,
    profile_key TEXT NOT NULL REFERENCES profiles(profile_key),
    command     TEXT NOT NULL,
    unspun_version TEXT NOT NULL,
    done        INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    ext_id       TEXT,
    content_hash TEXT NOT NULL,
    source       TEXT NOT NULL,
    line         INTEGER,
    input_kind   TEXT NOT NULL,
    url          TEXT,
    site         TEXT,
    author       TEXT,
    published    TEXT,
    published_at TEXT,
    headline     TEXT NOT NULL,
    body         TEXT NOT NULL,
    first_seen   TEXT NOT NULL,
    updated      TEXT NOT NULL
) STRICT;
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_site ON articles(site);
CREATE INDEX articles_published_at ON articles(published_at);

CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    profile_key  TEXT NOT NULL REFERENCES profiles(profile_key),
    run_id       INTEGER REFERENCES runs(id),
    content_hash TEXT NOT NULL,
    encoding     TEXT NOT NULL,
    report       BLOB NOT NULL,
    max_severity TEXT,
    n_findings   INTEGER NOT NULL,
    n_failed     INTEGER NOT NULL,
    duration_ms  REAL NOT NULL,
    created      TEXT NOT NULL,
    UNIQUE (article_id, profile_key)
) STRICT;
CREATE INDEX reports_profile ON reports(profile_key);

CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    analyzer    TEXT NOT NULL,
    label       TEXT NOT NULL,
    severity    TEXT NOT NULL,
    severity_rank INTEGER NOT NULL,
    score       REAL NOT NULL,
    start       INTEGER,
    "end"       INTEGER,
    explanation TEXT NOT NULL,
    UNIQUE (report_id, ordinal)
) STRICT;
CREATE INDEX findings_article ON findings(article_id);
CREATE INDEX findings_analyzer_label ON findings(analyzer, label, severity_rank);

CREATE TABLE errors (
    id          INTEGER PRIMARY KEY,
    item_key    TEXT NOT NULL UNIQUE,
    content_hash TEXT,
    source      TEXT NOT NULL,
    line        INTEGER,
    code        TEXT NOT NULL,
    message     TEXT NOT NULL,
    profile_key TEXT NOT NULL,
    run_id      INTEGER REFERENCES runs(id),
    created     TEXT NOT NULL
) STRICT;
CREATE INDEX errors_code ON errors(code);

-- The newest report of each article (the highest report id).
CREATE VIEW current_reports AS
    SELECT r.* FROM reports r
    WHERE r.id = (SELECT max(r2.id) FROM reports r2 WHERE r2.article_id = r.article_id);
"""

V2 = """
-- Passages of reference articles, searched with BM25 (issue 18) and shown as shared spans (issue 17).
CREATE TABLE passages (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    ordinal    INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    UNIQUE (article_id, kind, ordinal)
) STRICT;
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text, content='passages', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
    INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER passages_au AFTER UPDATE OF text ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text);
END;

-- Near-duplicate signatures (issue 17): one MinHash per article and scheme, and its LSH bands.
CREATE TABLE signatures (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    scheme     TEXT NOT NULL,
    num_perm   INTEGER NOT NULL,
    seed       INTEGER NOT NULL,
    n_shingles INTEGER NOT NULL,
    minhash    BLOB NOT NULL,
    created    TEXT NOT NULL,
    PRIMARY KEY (article_id, scheme)
) STRICT;
CREATE TABLE signature_bands (
    scheme     TEXT NOT NULL,
    band       INTEGER NOT NULL,
    hash       BLOB NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (scheme, band, hash, article_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX signature_bands_article ON signature_bands(article_id);

-- Clusters of recycled content (issue 17).
CREATE TABLE clusters (
    id                  INTEGER PRIMARY KEY,
    method              TEXT NOT NULL,
    earliest_article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    size                INTEGER NOT NULL,
    created             TEXT NOT NULL
) STRICT;
CREATE TABLE cluster_members (
    cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    relation   TEXT NOT NULL,
    jaccard    REAL,
    similarity REAL,
    spans      TEXT,
    PRIMARY KEY (cluster_id, article_id)
) STRICT;
CREATE INDEX cluster_members_article ON cluster_members(article_id);

-- Sentence embeddings of passages, fact-checks or articles, by model (issues 17 and 18).
CREATE TABLE embeddings (
    kind    TEXT NOT NULL,
    ref_id  INTEGER NOT NULL,
    model   TEXT NOT NULL,
    dim     INTEGER NOT NULL,
    dtype   TEXT NOT NULL,
    vector  BLOB NOT NULL,
    PRIMARY KEY (kind, ref_id, model)
) STRICT;

-- Earlier fact-checks, from schema.org ClaimReview records or CheckThat! TSV (issue 18).
CREATE TABLE fact_checks (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL UNIQUE,
    ext_id         TEXT,
    claim_reviewed TEXT NOT NULL,
    title          TEXT,
    rating_label   TEXT,
    rating_value   REAL,
    best_rating    REAL,
    worst_rating   REAL,
    url            TEXT,
    publisher      TEXT,
    publisher_url  TEXT,
    date_published TEXT,
    claimant       TEXT,
    claim_date     TEXT,
    appearance_url TEXT,
    language       TEXT,
    source         TEXT NOT NULL,
    line           INTEGER,
    record         TEXT NOT NULL,
    imported       TEXT NOT NULL,
    updated        TEXT NOT NULL
) STRICT;
CREATE INDEX fact_checks_date ON fact_checks(date_published);
CREATE VIRTUAL TABLE fact_checks_fts USING fts5(
    claim_reviewed, title, content='fact_checks', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER fact_checks_ai AFTER INSERT ON fact_checks BEGIN
    INSERT INTO fact_checks_fts(rowid, claim_reviewed, title) VALUES (new.id, new.claim_reviewed, new.title);
END;
CREATE TRIGGER fact_checks_ad AFTER DELETE ON fact_checks BEGIN
    INSERT INTO fact_checks_fts(fact_checks_fts, rowid, claim_reviewed, title)
        VALUES ('delete', old.id, old.claim_reviewed, old.title);
END;
CREATE TRIGGER fact_checks_au AFTER UPDATE OF claim_reviewed, title ON fact_checks BEGIN
    INSERT INTO fact_checks_fts(fact_checks_fts, rowid, claim_reviewed, title)
        VALUES ('delete', old.id, old.claim_reviewed, old.title);
    INSERT INTO fact_checks_fts(rowid, claim_reviewed, title) VALUES (new.id, new.claim_reviewed, new.title);
END;

-- Check-worthy claims of an article's report, with their structure (issue 18).
CREATE TABLE claims (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    score      REAL NOT NULL,
    structure  TEXT,
    UNIQUE (report_id, ordinal)
) STRICT;
CREATE INDEX claims_article ON claims(article_id);
CREATE TABLE claim_matches (
    claim_id      INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    fact_check_id INTEGER NOT NULL REFERENCES fact_checks(id) ON DELETE CASCADE,
    score         REAL NOT NULL,
    method        TEXT NOT NULL,
    PRIMARY KEY (claim_id, fact_check_id)
) STRICT;
"""

V3 = """
-- Imports of earlier fact-checks (issue 18): one row per file imported, written in the import's transaction.
CREATE TABLE fact_check_imports (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL,
    format         TEXT NOT NULL,
    started        TEXT NOT NULL,
    finished       TEXT NOT NULL,
    imported       INTEGER NOT NULL,
    merged         INTEGER NOT NULL,
    skipped        INTEGER NOT NULL,
    problems       TEXT NOT NULL,
    unspun_version TEXT NOT NULL
) STRICT;
ALTER TABLE fact_checks ADD COLUMN appearances TEXT;
ALTER TABLE fact_checks ADD COLUMN import_id INTEGER REFERENCES fact_check_imports(id);
CREATE INDEX fact_checks_url ON fact_checks(url);

-- Which articles' passages are indexed for the reference search (issue 18), for which content and encoder.
CREATE TABLE passage_index (
    article_id   INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    passages     INTEGER NOT NULL,
    model        TEXT NOT NULL,
    indexed      TEXT NOT NULL
) STRICT;

-- Static word-piece vectors of a sentence encoder (issue 18's passage vectors), computed once per archive.
CREATE TABLE token_vectors (
    model    TEXT NOT NULL,
    token_id INTEGER NOT NULL,
    vector   BLOB NOT NULL,
    PRIMARY KEY (model, token_id)
) STRICT, WITHOUT ROWID;
"""

V4 = """
-- Browsing the archive (`unspun serve --db`, issue 17): words of the headlines, newest first.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    headline, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, headline) VALUES (new.id, new.headline);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, headline) VALUES ('delete', old.id, old.headline);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF headline ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, headline) VALUES ('delete', old.id, old.headline);
    INSERT INTO articles_fts(rowid, headline) VALUES (new.id, new.headline);
END;
-- An article's date as the list orders it (published, else first seen), alone and within a site.
CREATE INDEX articles_when ON articles(coalesce(published_at, first_seen), id);
DROP INDEX articles_site;
CREATE INDEX articles_site_when ON articles(site, coalesce(published_at, first_seen), id);
-- The filters by finding and by severity, answered from the indexes without reading the rows.
DROP INDEX findings_analyzer_label;
CREATE INDEX findings_label ON findings(analyzer, label, severity_rank, article_id, report_id);
CREATE INDEX reports_severity ON reports(max_severity, article_id);
"""

V5 = """
-- Claims of archived articles (issue 18): `unspun batch` writes each report's check-worthy claims (the table of
-- migration 2) with their MiniLM vectors; `unspun archive claims` looks them up and writes what matched.
-- Which archive state a claim was last looked up against (NULL: never): the highest fact-check and passage ids.
ALTER TABLE claims ADD COLUMN looked_up TEXT;
ALTER TABLE claims ADD COLUMN fact_checks_seen INTEGER;
ALTER TABLE claims ADD COLUMN passages_seen INTEGER;
CREATE INDEX claims_report ON claims(report_id, ordinal);
-- A claim's vector goes with it (a re-checked article's report, and so its claims, is replaced).
CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
    DELETE FROM embeddings WHERE kind = 'claim' AND ref_id = old.id;
END;
ALTER TABLE claim_matches ADD COLUMN rank INTEGER;
ALTER TABLE claim_matches ADD COLUMN cosine REAL;
CREATE INDEX claim_matches_fact_check ON claim_matches(fact_check_id);
-- Reference passages a claim was judged against: the archived article, the passage, the verdict, spans on both sides.
CREATE TABLE claim_passages (
    claim_id        INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    rank            INTEGER NOT NULL,
    article_id      INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    passage_id      INTEGER REFERENCES passages(id) ON DELETE SET NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    text            TEXT NOT NULL,
    verdict         TEXT NOT NULL,
    similarity      REAL NOT NULL,
    bm25            REAL,
    static_cosine   REAL,
    detail          TEXT NOT NULL,
    PRIMARY KEY (claim_id, rank)
) STRICT;
CREATE INDEX claim_passages_article ON claim_passages(article_id);
"""

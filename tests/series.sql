-- series.sql — a small hand-made event store (schema of docs/store.md, version 1)
-- for the tests of `dyad series` (tests/unit_series.inc, tests/e2e.sh).
-- Expected counts are worked out in tests/unit_series.inc.
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
INSERT INTO meta VALUES ('schema_version', '1'), ('dyad_version', 'test');
CREATE TABLE documents(doc_key INTEGER PRIMARY KEY, doc_id TEXT UNIQUE, content_hash TEXT, date TEXT, title TEXT,
  url TEXT, source TEXT, origin TEXT, sentences INTEGER, events INTEGER, ingested_at TEXT);
CREATE TABLE events(
  event_id INTEGER PRIMARY KEY, event_date TEXT, source_name TEXT, source_sectors TEXT,
  source_country TEXT, event_text TEXT, cameo_code TEXT, intensity REAL, target_name TEXT,
  target_sectors TEXT, target_country TEXT, story_id INTEGER, sentence_number INTEGER,
  publisher TEXT, city TEXT, district TEXT, province TEXT, country TEXT, latitude REAL,
  longitude REAL, source_code TEXT, target_code TEXT, source_iso3 TEXT, target_iso3 TEXT,
  root_code TEXT, quad_class INTEGER, goldstein REAL, plover TEXT, source_text TEXT,
  target_text TEXT, sentence_text TEXT, pattern TEXT, doc_id TEXT);
CREATE INDEX events_dyad ON events(source_code, target_code, event_date);
CREATE INDEX events_date ON events(event_date);
CREATE INDEX events_code ON events(cameo_code);
CREATE INDEX events_root ON events(root_code);
CREATE INDEX events_story ON events(story_id);
CREATE TABLE actors(code TEXT PRIMARY KEY, name TEXT, country_iso3 TEXT, sector TEXT);

INSERT INTO events(event_id, event_date, source_code, target_code, source_iso3, target_iso3, cameo_code, root_code,
                   quad_class, goldstein, intensity, sentence_text) VALUES
-- KOR -> JPN
( 1, '2024-01-15', 'KORGOV', 'JPNGOV', 'KOR', 'JPN', '036', '03', 1,   4.0,   4.0, 'Seoul wants to meet Tokyo.'),
( 2, '2024-01-31', 'KORGOV', 'JPNGOV', 'KOR', 'JPN', '112', '11', 3,  -2.0,  -2.0, 'Seoul accused Tokyo.'),
( 3, '2024-02-29', 'KOR',    'JPNGOV', 'KOR', 'JPN', '057', '05', 2,   7.0,   7.0, 'Korea signed a pact with Japan.'),
( 4, '2024-04-01', 'KORMIL', 'JPN',    'KOR', 'JPN', '190', '19', 4, -10.0, -10.0, 'Korean troops fired on Japan.'),
( 5, '2024-04-01', 'KORGOV', 'JPNGOV', 'KOR', 'JPN', '010', '01', 1,   1.0,   1.0, 'Seoul made a statement.'),
(12, '2024-01-20', 'MNCKOR', 'JPNBUS', 'KOR', 'JPN', '061', '06', 2,   6.0,   6.0, 'Samsung cooperated with Sony.'),
(13, '2024-01-16', 'KORGOV', 'JPNGOV', 'KOR', 'JPN', '020', '02', 1,  NULL,  NULL, 'Seoul appealed to Tokyo.'),
(14, '2024-13-01', 'KORGOV', 'JPNGOV', 'KOR', 'JPN', '020', '02', 1,   3.0,   3.0, 'A bad date: never counted.'),
-- JPN -> KOR
( 6, '2024-03-10', 'JPNGOV', 'KORGOV', 'JPN', 'KOR', '040', '04', 1,   1.0,   1.0, 'Tokyo consulted Seoul.'),
( 7, '2024-12-30', 'JPNGOV', 'KORGOV', 'JPN', 'KOR', '112', '11', 3,  -4.0,  -4.0, 'Tokyo accused Seoul.'),
( 8, '2025-01-01', 'JPNGOV', 'KORGOV', 'JPN', 'KOR', '010', '01', 1,   1.0,   1.0, 'Tokyo made a statement.'),
-- others
( 9, '2024-02-10', 'USAGOV', 'KORGOV', 'USA', 'KOR', '040', '04', 1,   1.0,   1.0, 'Washington consulted Seoul.'),
(10, '2024-02-11', 'PRKMIL', 'KORMIL', 'PRK', 'KOR', '190', '19', 4, -10.0, -10.0, 'North Korea fired on the South.'),
(11, '2024-05-05', 'KORGOV', 'KOROPP', 'KOR', 'KOR', '112', '11', 3,  -2.0,  -2.0, 'Seoul accused the opposition.'),
(15, '2024-06-01', 'IGOUNO', 'KORGOV', '',    'KOR', '042', '04', 1,   1.9,   1.9, 'The UN visited Seoul.');

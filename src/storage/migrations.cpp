// SPDX-License-Identifier: MIT
// The project schema as a list of forward steps. A released step is never edited: files in the
// field were written by it. Change the schema by appending a step and raising kSchemaVersion
// (database.h), and describe the new version in docs/project-format.md.
#include "storage/migrations.h"

namespace histomark::storage {

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> steps = {
        {1, "cases and their slides", R"sql(
CREATE TABLE cases (
    id            INTEGER PRIMARY KEY,
    accession     TEXT NOT NULL COLLATE NOCASE UNIQUE,
    site          TEXT NOT NULL DEFAULT '',
    diagnosis     TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    created_unix  INTEGER NOT NULL,
    modified_unix INTEGER NOT NULL
);
CREATE TABLE slides (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL DEFAULT 0,
    path           TEXT NOT NULL,
    fingerprint    TEXT NOT NULL DEFAULT '',
    width          INTEGER NOT NULL DEFAULT 0,
    height         INTEGER NOT NULL DEFAULT 0,
    stain          TEXT NOT NULL DEFAULT '',
    mpp_override_x REAL,
    mpp_override_y REAL
);
CREATE INDEX slides_by_case ON slides(case_id, position);
CREATE INDEX slides_by_fingerprint ON slides(fingerprint);
)sql"},
        {2, "serial-section transforms, linked viewers, per-slide view state, app state", R"sql(
ALTER TABLE slides ADD COLUMN to_ref_a REAL NOT NULL DEFAULT 1;
ALTER TABLE slides ADD COLUMN to_ref_b REAL NOT NULL DEFAULT 0;
ALTER TABLE slides ADD COLUMN to_ref_tx REAL NOT NULL DEFAULT 0;
ALTER TABLE slides ADD COLUMN to_ref_c REAL NOT NULL DEFAULT 0;
ALTER TABLE slides ADD COLUMN to_ref_d REAL NOT NULL DEFAULT 1;
ALTER TABLE slides ADD COLUMN to_ref_ty REAL NOT NULL DEFAULT 0;
ALTER TABLE slides ADD COLUMN transform_source TEXT NOT NULL DEFAULT 'none'
    CHECK (transform_source IN ('none', 'identity', 'automatic', 'manual'));
ALTER TABLE slides ADD COLUMN transform_residual_um REAL;
ALTER TABLE slides ADD COLUMN linked INTEGER NOT NULL DEFAULT 1;
-- An H&E slide of a v1 file is its case's reference: it maps onto itself.
UPDATE slides SET transform_source = 'identity' WHERE stain = 'H&E';
CREATE TABLE slide_views (
    slide_id INTEGER PRIMARY KEY REFERENCES slides(id) ON DELETE CASCADE,
    center_x REAL NOT NULL,
    center_y REAL NOT NULL,
    zoom     REAL NOT NULL
);
CREATE TABLE app_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
)sql"},
        {3, "annotation classes, annotations, per-reader count settings", R"sql(
CREATE TABLE annotation_classes (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL COLLATE NOCASE UNIQUE,
    rgb      INTEGER NOT NULL CHECK (rgb BETWEEN 0 AND 0xffffff),
    position INTEGER NOT NULL
);
-- core::defaultAnnotationClasses() as of this step, spelled out: a released step never changes.
INSERT INTO annotation_classes (name, rgb, position) VALUES
    ('mitotic figure', 0xfc7ca7, 0),
    ('look-alike',     0x3c9cf0, 1),
    ('uncertain',      0xf4c430, 2),
    ('tumour region',  0x34c759, 3),
    ('necrosis',       0x8e5a2b, 4);
-- AUTOINCREMENT: ids are never reused, so undoing a delete can put a mark back under its old id
-- without meeting a newer mark there.
CREATE TABLE annotations (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    slide_id     INTEGER NOT NULL REFERENCES slides(id) ON DELETE CASCADE,
    reader       TEXT NOT NULL DEFAULT '',
    class_id     INTEGER NOT NULL REFERENCES annotation_classes(id),
    kind         TEXT NOT NULL CHECK (kind IN ('point', 'rectangle', 'ellipse', 'polygon', 'freehand')),
    cx           REAL NOT NULL,
    cy           REAL NOT NULL,
    coords       BLOB NOT NULL,
    created_unix INTEGER NOT NULL
);
CREATE INDEX annotations_by_slide ON annotations(slide_id, reader);
CREATE TABLE count_settings (
    slide_id INTEGER NOT NULL REFERENCES slides(id) ON DELETE CASCADE,
    reader   TEXT NOT NULL,
    settings TEXT NOT NULL,
    PRIMARY KEY (slide_id, reader)
) WITHOUT ROWID;
)sql"},
        {4, "IHC marker records, one per slide", R"sql(
CREATE TABLE marker_records (
    slide_id         INTEGER PRIMARY KEY REFERENCES slides(id) ON DELETE CASCADE,
    marker           TEXT NOT NULL,
    result           TEXT NOT NULL
        CHECK (result IN ('not recorded', 'positive', 'negative', 'equivocal', 'not assessable')),
    intensity        INTEGER CHECK (intensity BETWEEN 0 AND 3),
    extent_percent   REAL CHECK (extent_percent BETWEEN 0 AND 100),
    distribution     TEXT NOT NULL DEFAULT '' CHECK (distribution IN ('', 'focal', 'patchy', 'diffuse')),
    compartments     INTEGER NOT NULL DEFAULT 0 CHECK (compartments BETWEEN 0 AND 7),
    internal_control INTEGER CHECK (internal_control IN (0, 1)),
    external_control INTEGER CHECK (external_control IN (0, 1)),
    comment          TEXT NOT NULL DEFAULT '',
    reader           TEXT NOT NULL DEFAULT '',
    modified_unix    INTEGER NOT NULL,
    h_score          REAL CHECK (h_score BETWEEN 0 AND 300)
) WITHOUT ROWID;
)sql"},
        {5, "teaching cases, learners' submissions and their IHC readings", R"sql(
CREATE TABLE teaching_cases (
    case_id          INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    reference_reader TEXT NOT NULL CHECK (reference_reader <> ''),
    question         TEXT NOT NULL DEFAULT '',
    modified_unix    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE quiz_submissions (
    case_id        INTEGER NOT NULL REFERENCES teaching_cases(case_id) ON DELETE CASCADE,
    learner        TEXT NOT NULL CHECK (learner <> ''),
    submitted_unix INTEGER NOT NULL,
    PRIMARY KEY (case_id, learner)
) WITHOUT ROWID;
-- A learner's reading of an IHC slide of a teaching case, against the slide's marker record.
CREATE TABLE quiz_marker_answers (
    slide_id         INTEGER NOT NULL REFERENCES slides(id) ON DELETE CASCADE,
    learner          TEXT NOT NULL CHECK (learner <> ''),
    marker           TEXT NOT NULL,
    result           TEXT NOT NULL
        CHECK (result IN ('not recorded', 'positive', 'negative', 'equivocal', 'not assessable')),
    intensity        INTEGER CHECK (intensity BETWEEN 0 AND 3),
    extent_percent   REAL CHECK (extent_percent BETWEEN 0 AND 100),
    distribution     TEXT NOT NULL DEFAULT '' CHECK (distribution IN ('', 'focal', 'patchy', 'diffuse')),
    compartments     INTEGER NOT NULL DEFAULT 0 CHECK (compartments BETWEEN 0 AND 7),
    internal_control INTEGER CHECK (internal_control IN (0, 1)),
    external_control INTEGER CHECK (external_control IN (0, 1)),
    comment          TEXT NOT NULL DEFAULT '',
    modified_unix    INTEGER NOT NULL,
    h_score          REAL CHECK (h_score BETWEEN 0 AND 300),
    PRIMARY KEY (slide_id, learner)
) WITHOUT ROWID;
)sql"},
        {6, "project identity; teaching packs (a learner's copy of the teaching set)", R"sql(
-- Which project a file is, whatever its name or place: a pack names the project it came from.
CREATE TABLE project_identity (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL CHECK (uuid <> '')
);
INSERT INTO project_identity (id, uuid) VALUES (1, lower(hex(randomblob(16))));
-- Present only in a pack (histomark teaching pack): its educator's project and whether it holds
-- the answers (a self-study copy) or not (an exam copy, scored once collected back).
CREATE TABLE teaching_pack (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    source_project   TEXT NOT NULL,
    answers_included INTEGER NOT NULL CHECK (answers_included IN (0, 1)),
    created_unix     INTEGER NOT NULL
);
-- What an exam copy still asks where the answer's areas were taken out: the classes to click in.
CREATE TABLE teaching_pack_regions (
    slide_id   INTEGER NOT NULL REFERENCES slides(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    class_name TEXT NOT NULL,
    PRIMARY KEY (slide_id, position)
) WITHOUT ROWID;
)sql"},
    };
    return steps;
}

}  // namespace histomark::storage

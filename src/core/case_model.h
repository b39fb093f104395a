// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/affine.h"

namespace histomark::core {

// Row ids of the project database (stable for the life of the project file).
using CaseId = int64_t;
using CaseSlideId = int64_t;

// A patient case: the unit a pathologist works on.
struct CaseRecord {
    CaseId id = 0;
    std::string accession;        // e.g. "S26-01234"; unique within a project
    std::string site;             // e.g. "rectum", "thigh"
    std::string diagnosisNote;    // working diagnosis, short
    std::string clinicalSummary;  // free text
    int64_t createdUnix = 0, modifiedUnix = 0;  // seconds since 1970, UTC
};

// How a slide's transform onto the reference slide was obtained.
enum class TransformSource { None, Identity, Automatic, Manual };
const char* transformSourceName(TransformSource s);  // "none", "identity", "automatic", "manual"
std::optional<TransformSource> parseTransformSource(const std::string& name);

// Where a slide view was looking: restored when the project is reopened.
struct ViewState {
    double centerX = 0, centerY = 0;  // level-0 px
    double zoom = 1;                  // level-0 px per screen px
    bool operator==(const ViewState&) const = default;
};

// One slide of a case: a file on disk plus what the case knows about it.
struct CaseSlideRecord {
    CaseSlideId id = 0;
    CaseId caseId = 0;
    int position = 0;         // order in the case's grid (0 = first)
    std::string path;         // absolute path as last known
    std::string fingerprint;  // content hash (OpenSlide quickhash-1 or file hash): relinks a moved file
    int64_t width = 0, height = 0;  // level-0 px, as recorded when added
    std::string stain;              // canonical stain name (core/stain.h); "" = not yet tagged
    std::optional<double> mppOverrideX, mppOverrideY;  // user's scale, µm per level-0 px
    // This slide's level-0 px -> the reference (H&E) slide's level-0 px.
    Affine toReference;
    TransformSource transformSource = TransformSource::None;
    std::optional<double> transformResidualUm;  // registration's own estimate of its error
    bool linked = true;                         // follows the other viewers
    std::optional<ViewState> view;
};

// A case with its slides in grid order.
struct CaseDetail {
    CaseRecord record;
    std::vector<CaseSlideRecord> slides;
};

// Maximum slides shown at once in a case window (a tray of glass slides).
inline constexpr int kMaxCaseViewers = 6;

}  // namespace histomark::core

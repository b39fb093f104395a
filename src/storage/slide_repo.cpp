// SPDX-License-Identifier: MIT
#include "storage/slide_repo.h"

#include <cmath>
#include <filesystem>

#include "core/mpp.h"
#include "core/stain.h"
#include "storage/database.h"

namespace histomark::storage {
namespace {

// Absent, or a scale a slide can have (core::kMinPlausibleMpp .. kMaxPlausibleMpp).
bool validScale(std::optional<double> v) { return !v || (*v >= core::kMinPlausibleMpp && *v <= core::kMaxPlausibleMpp); }

constexpr const char* kSelect = R"sql(SELECT s.id, s.case_id, s.position, s.path, s.fingerprint, s.width, s.height,
    s.stain, s.mpp_override_x, s.mpp_override_y, s.to_ref_a, s.to_ref_b, s.to_ref_tx, s.to_ref_c, s.to_ref_d,
    s.to_ref_ty, s.transform_source, s.transform_residual_um, s.linked, v.center_x, v.center_y, v.zoom
    FROM slides s LEFT JOIN slide_views v ON v.slide_id = s.id )sql";

// A relative path (a teaching pack's copied slides) is relative to the project file's folder, so a
// pack and its slides folder can move together.
core::CaseSlideRecord readSlide(const Statement& st, const std::filesystem::path& projectFile) {
    core::CaseSlideRecord r;
    r.id = st.columnInt(0);
    r.caseId = st.columnInt(1);
    r.position = int(st.columnInt(2));
    r.path = st.columnText(3);
    if (const std::filesystem::path p(r.path); !r.path.empty() && p.is_relative() && !projectFile.empty() && projectFile != ":memory:")
        r.path = (std::filesystem::absolute(projectFile).parent_path() / p).lexically_normal().string();
    r.fingerprint = st.columnText(4);
    r.width = st.columnInt(5);
    r.height = st.columnInt(6);
    r.stain = st.columnText(7);
    r.mppOverrideX = st.columnOptionalDouble(8);
    r.mppOverrideY = st.columnOptionalDouble(9);
    // A scale no slide has (a hand-edited 0, text, 1e308) is no override: every reader of the
    // record then falls back to the file's scale alike.
    if (!validScale(r.mppOverrideX) || !validScale(r.mppOverrideY) || r.mppOverrideX.has_value() != r.mppOverrideY.has_value())
        r.mppOverrideX.reset(), r.mppOverrideY.reset();
    r.toReference = {st.columnDouble(10), st.columnDouble(11), st.columnDouble(12),
                     st.columnDouble(13), st.columnDouble(14), st.columnDouble(15)};
    r.transformSource = core::parseTransformSource(st.columnText(16)).value_or(core::TransformSource::None);
    r.transformResidualUm = st.columnOptionalDouble(17);
    r.linked = st.columnInt(18) != 0;
    if (!st.columnIsNull(19)) r.view = core::ViewState{st.columnDouble(19), st.columnDouble(20), st.columnDouble(21)};
    return r;
}

core::Result<std::vector<core::CaseSlideRecord>> readAll(core::Result<Statement>& st, const std::filesystem::path& projectFile) {
    std::vector<core::CaseSlideRecord> out;
    for (;;) {
        auto row = st->step();
        if (!row) return core::Error{row.error()};
        if (!*row) return out;
        out.push_back(readSlide(*st, projectFile));
    }
}

bool finite(const core::Affine& m) {
    return std::isfinite(m.a) && std::isfinite(m.b) && std::isfinite(m.tx) && std::isfinite(m.c) && std::isfinite(m.d) &&
           std::isfinite(m.ty);
}


core::Error noSuchSlide(core::CaseSlideId id) { return core::Error{"No slide with id " + std::to_string(id)}; }

}  // namespace

core::Result<core::CaseSlideId> SlideRepo::add(const core::CaseSlideRecord& r) {
    if (r.path.empty()) return core::Error{"A slide needs a file path"};
    if (!finite(r.toReference)) return core::Error{"The slide's transform is not a finite matrix"};
    if (!validScale(r.mppOverrideX) || !validScale(r.mppOverrideY)) return core::Error{"A scale must be 0.02 to 100 µm per pixel"};
    auto st = m_db.prepare(R"sql(INSERT INTO slides (case_id, position, path, fingerprint, width, height, stain,
        mpp_override_x, mpp_override_y, to_ref_a, to_ref_b, to_ref_tx, to_ref_c, to_ref_d, to_ref_ty, transform_source,
        transform_residual_um, linked)
        VALUES (?1, CASE WHEN ?2 < 0 THEN coalesce((SELECT max(position) + 1 FROM slides WHERE case_id = ?1), 0) ELSE ?2 END,
                ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18))sql");
    if (!st) return core::Error{st.error()};
    const auto& m = r.toReference;
    st->bind(1, r.caseId).bind(2, r.position).bind(3, r.path).bind(4, r.fingerprint).bind(5, r.width).bind(6, r.height);
    st->bind(7, core::canonicalStain(r.stain)).bind(8, r.mppOverrideX).bind(9, r.mppOverrideY);
    st->bind(10, m.a).bind(11, m.b).bind(12, m.tx).bind(13, m.c).bind(14, m.d).bind(15, m.ty);
    st->bind(16, core::transformSourceName(r.transformSource)).bind(17, r.transformResidualUm).bind(18, r.linked);
    if (auto s = st->run(); !s) {
        if (st->failedOnForeignKey()) return core::Error{"No case with id " + std::to_string(r.caseId)};
        return core::Error{s.error()};
    }
    const core::CaseSlideId id = m_db.lastInsertRowId();
    if (r.view)
        if (auto s = setViewState(id, *r.view); !s) return core::Error{s.error()};
    auto touch = m_db.prepare("UPDATE cases SET modified_unix = ?2 WHERE id = ?1");
    if (!touch) return core::Error{touch.error()};
    touch->bind(1, r.caseId).bind(2, unixNow());
    if (auto s = touch->run(); !s) return core::Error{s.error()};
    return id;
}

core::Result<core::CaseSlideRecord> SlideRepo::get(core::CaseSlideId id) {
    auto st = m_db.prepare(std::string(kSelect) + "WHERE s.id = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, id);
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return noSuchSlide(id);
    return readSlide(*st, m_db.path());
}

core::Result<std::vector<core::CaseSlideRecord>> SlideRepo::listForCase(core::CaseId caseId) {
    auto st = m_db.prepare(std::string(kSelect) + "WHERE s.case_id = ?1 ORDER BY s.position, s.id");
    if (!st) return core::Error{st.error()};
    st->bind(1, caseId);
    return readAll(st, m_db.path());
}

core::Result<std::vector<core::CaseSlideRecord>> SlideRepo::findByFingerprint(const std::string& fingerprint) {
    auto st = m_db.prepare(std::string(kSelect) + "WHERE s.fingerprint = ?1 ORDER BY s.case_id, s.position, s.id");
    if (!st) return core::Error{st.error()};
    st->bind(1, fingerprint);
    return readAll(st, m_db.path());
}

core::Status SlideRepo::updateOne(core::CaseSlideId id, const char* sql, bool touchCase,
                                  const std::function<void(Statement&)>& bindRest) {
    auto st = m_db.prepare(sql);
    if (!st) return core::Error{st.error()};
    st->bind(1, id);
    if (bindRest) bindRest(*st);
    if (auto s = st->run(); !s) {
        if (st->failedOnForeignKey()) return noSuchSlide(id);
        return s;
    }
    if (m_db.changes() == 0) return noSuchSlide(id);
    if (!touchCase) return {};
    // The case list shows recently changed cases first.
    auto touch = m_db.prepare("UPDATE cases SET modified_unix = ?2 WHERE id = (SELECT case_id FROM slides WHERE id = ?1)");
    if (!touch) return core::Error{touch.error()};
    touch->bind(1, id).bind(2, unixNow());
    return touch->run();
}

core::Status SlideRepo::setStain(core::CaseSlideId id, const std::string& stain) {
    return updateOne(id, "UPDATE slides SET stain = ?2 WHERE id = ?1", true,
                     [&](Statement& st) { st.bind(2, core::canonicalStain(stain)); });
}

core::Status SlideRepo::setTransform(core::CaseSlideId id, const core::Affine& m, core::TransformSource source,
                                     std::optional<double> residualUm) {
    if (!finite(m)) return core::Error{"The slide's transform is not a finite matrix"};
    return updateOne(id,
                     "UPDATE slides SET to_ref_a = ?2, to_ref_b = ?3, to_ref_tx = ?4, to_ref_c = ?5, to_ref_d = ?6, "
                     "to_ref_ty = ?7, transform_source = ?8, transform_residual_um = ?9 WHERE id = ?1",
                     true, [&](Statement& st) {
                         st.bind(2, m.a).bind(3, m.b).bind(4, m.tx).bind(5, m.c).bind(6, m.d).bind(7, m.ty);
                         st.bind(8, core::transformSourceName(source)).bind(9, residualUm);
                     });
}

core::Status SlideRepo::setLinked(core::CaseSlideId id, bool linked) {
    return updateOne(id, "UPDATE slides SET linked = ?2 WHERE id = ?1", false, [&](Statement& st) { st.bind(2, linked); });
}

core::Status SlideRepo::setViewState(core::CaseSlideId id, const core::ViewState& v) {
    if (!std::isfinite(v.centerX) || !std::isfinite(v.centerY) || !std::isfinite(v.zoom) || v.zoom <= 0)
        return core::Error{"A view needs a finite centre and a positive zoom"};
    return updateOne(id,
                     "INSERT INTO slide_views (slide_id, center_x, center_y, zoom) VALUES (?1, ?2, ?3, ?4) "
                     "ON CONFLICT (slide_id) DO UPDATE SET center_x = excluded.center_x, center_y = excluded.center_y, "
                     "zoom = excluded.zoom",
                     false, [&](Statement& st) { st.bind(2, v.centerX).bind(3, v.centerY).bind(4, v.zoom); });
}

core::Status SlideRepo::clearViewState(core::CaseSlideId id) {
    if (auto exists = get(id); !exists) return core::Error{exists.error()};
    auto st = m_db.prepare("DELETE FROM slide_views WHERE slide_id = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, id);
    return st->run();
}

core::Status SlideRepo::setMppOverride(core::CaseSlideId id, std::optional<double> x, std::optional<double> y) {
    if (!validScale(x) || !validScale(y)) return core::Error{"A scale must be 0.02 to 100 µm per pixel"};
    return updateOne(id, "UPDATE slides SET mpp_override_x = ?2, mpp_override_y = ?3 WHERE id = ?1", true,
                     [&](Statement& st) { st.bind(2, x).bind(3, y); });
}

core::Status SlideRepo::relink(core::CaseSlideId id, const std::string& newPath, const std::string& newFingerprint) {
    if (newPath.empty()) return core::Error{"A slide needs a file path"};
    return updateOne(id, "UPDATE slides SET path = ?2, fingerprint = ?3 WHERE id = ?1", true,
                     [&](Statement& st) { st.bind(2, newPath).bind(3, newFingerprint); });
}

core::Status SlideRepo::setSize(core::CaseSlideId id, int64_t width, int64_t height) {
    if (width < 0 || height < 0) return core::Error{"A slide's size cannot be negative"};
    return updateOne(id, "UPDATE slides SET width = ?2, height = ?3 WHERE id = ?1", true,
                     [&](Statement& st) { st.bind(2, width).bind(3, height); });
}

core::Status SlideRepo::setPosition(core::CaseSlideId id, int position) {
    return updateOne(id, "UPDATE slides SET position = ?2 WHERE id = ?1", true, [&](Statement& st) { st.bind(2, position); });
}

core::Status SlideRepo::remove(core::CaseSlideId id) {
    // Touch the case first: afterwards the slide row that leads to it is gone.
    auto touch = m_db.prepare("UPDATE cases SET modified_unix = ?2 WHERE id = (SELECT case_id FROM slides WHERE id = ?1)");
    if (!touch) return core::Error{touch.error()};
    touch->bind(1, id).bind(2, unixNow());
    if (auto s = touch->run(); !s) return s;
    return updateOne(id, "DELETE FROM slides WHERE id = ?1", false, nullptr);
}

}  // namespace histomark::storage

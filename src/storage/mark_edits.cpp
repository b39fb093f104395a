// SPDX-License-Identifier: MIT
#include "storage/mark_edits.h"

#include <unordered_set>

namespace histomark::storage {

core::Status saveMarkEdit(AnnotationRepo& repo, MarkIds& ids, const core::AnnotationEdit& edit) {
    std::unordered_map<core::MarkKey, const core::Annotation*> before;
    for (const auto& [key, mark] : edit.before)
        if (mark) before[key] = &*mark;
    std::unordered_set<core::MarkKey> inAfter;

    std::vector<core::AnnotationId> removed;
    std::vector<core::Annotation> restored, added;
    std::vector<core::MarkKey> addedKeys;
    struct Change {
        core::AnnotationId id;
        const core::Annotation *from, *to;
    };
    std::vector<Change> changed;

    for (const auto& [key, mark] : edit.after) {
        inAfter.insert(key);
        auto b = before.find(key);
        auto known = ids.find(key);
        if (!mark) {
            if (b != before.end() && known != ids.end()) removed.push_back(known->second);
        } else if (b == before.end()) {
            if (known != ids.end()) {
                core::Annotation a = *mark;
                a.id = known->second;
                restored.push_back(std::move(a));
            } else {
                added.push_back(*mark);
                addedKeys.push_back(key);
            }
        } else if (known != ids.end()) {
            changed.push_back({known->second, b->second, &*mark});
        }
    }
    for (const auto& [key, mark] : before)
        if (!inAfter.count(key))
            if (auto known = ids.find(key); known != ids.end()) removed.push_back(known->second);

    if (!removed.empty())
        if (auto s = repo.remove(removed); !s) return s;
    if (!restored.empty())
        if (auto s = repo.restore(restored); !s) return s;
    std::vector<core::AnnotationId> newIds;
    if (!added.empty()) {
        auto r = repo.addMany(added);
        if (!r) return core::Status::failure(r.error());
        newIds = std::move(*r);
    }
    for (const Change& c : changed) {
        if (c.from->className != c.to->className)
            if (auto s = repo.setClass({c.id}, c.to->className); !s) return s;
        if (!(c.from->points == c.to->points))
            if (auto s = repo.setGeometry(c.id, c.to->points); !s) return s;
    }
    for (size_t i = 0; i < addedKeys.size() && i < newIds.size(); ++i) ids[addedKeys[i]] = newIds[i];
    return {};
}

}  // namespace histomark::storage

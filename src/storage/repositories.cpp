// SPDX-License-Identifier: MIT
#include "storage/repositories.h"

namespace histomark::storage {

core::Result<core::CaseDetail> Repositories::loadCase(core::CaseId id) {
    auto record = cases.get(id);
    if (!record) return core::Error{record.error()};
    auto list = slides.listForCase(id);
    if (!list) return core::Error{list.error()};
    return core::CaseDetail{std::move(record.value()), std::move(list.value())};
}

}  // namespace histomark::storage

// SPDX-License-Identifier: MIT
#include "core/case_model.h"

namespace histomark::core {

const char* transformSourceName(TransformSource s) {
    switch (s) {
        case TransformSource::None: return "none";
        case TransformSource::Identity: return "identity";
        case TransformSource::Automatic: return "automatic";
        case TransformSource::Manual: return "manual";
    }
    return "none";
}

std::optional<TransformSource> parseTransformSource(const std::string& name) {
    for (auto s : {TransformSource::None, TransformSource::Identity, TransformSource::Automatic, TransformSource::Manual})
        if (name == transformSourceName(s)) return s;
    return std::nullopt;
}

}  // namespace histomark::core

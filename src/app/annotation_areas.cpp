// SPDX-License-Identifier: MIT
#include "app/annotation_areas.h"

#include "interchange/annotation_file.h"
#include "interchange/class_names.h"

namespace histomark::app {

core::Result<std::vector<core::Annotation>> readAreas(const std::string& file, const std::string& className) {
    using R = core::Result<std::vector<core::Annotation>>;
    auto imported = interchange::readAnnotationFile(file);
    if (!imported) return R::failure(imported.error());
    std::vector<core::Annotation> areas;
    std::string classes;
    for (const core::Annotation& a : imported->annotations) {
        if (a.kind == core::ShapeKind::Point) continue;
        if (classes.find("'" + a.className + "'") == std::string::npos) classes += (classes.empty() ? "'" : ", '") + a.className + "'";
        if (className.empty() || interchange::sameClassName(a.className, className)) areas.push_back(a);
    }
    if (areas.empty())
        return R::failure(file + " has no areas" + (className.empty() ? "" : " of class '" + className + "'") +
                          (classes.empty() ? " (only points, or nothing)" : " (its areas' classes: " + classes + ")"));
    return areas;
}

}  // namespace histomark::app

// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <vector>

#include "core/annotation.h"
#include "core/result.h"
#include "interchange/marks_export.h"

namespace histomark::interchange {

// Writes one slide's marks into a SlideRunner database (DOMAIN §9.7), so SlideRunner, its
// dataAccess scripts and the MIDOG-style tools read them. A new file gets the extended schema of
// the MIDOG databases (user_version 3; guid and lastModified filled), written beside and renamed
// into place. An existing SlideRunner database gets the slide added (matched by `image.fileName`)
// in one transaction, with SlideRunner's trigger functions provided: the labels that earlier
// exports by the same readers left on that slide are replaced; every other reader's labels and
// every other slide stay as they were. Anything that is not such a database is refused and left
// alone, and a database another program holds is reported after 3 s, unchanged.
// Each mark is one annotation with one label by its reader (Persons.name): points as spots (1),
// rectangles as areas (2), polygons and freehand outlines as polygons (3), round ellipses as
// circles (5, their bounding corners), other ellipses as 64-vertex polygons (noted). Classes are
// matched to the database's own by name (sameClassName); a look-alike is "not mitotic figure",
// as MIDOG names it. Coordinates are whole level-0 px, as SlideRunner stores them.
// `labels` (optional, beside `marks`) gives a mark several readers' labels instead of its own
// reader's, as MIDOG's databases label each cell by every expert; the mark's class is then the
// agreed class (Annotations.agreedClass) and its reader labels nothing.
core::Result<ExportReport> writeSlideRunner(const std::filesystem::path& path, const std::vector<core::Annotation>& marks,
                                            const std::vector<core::AnnotationClass>& classes, const ExportImage& image,
                                            const MarkLabels& labels = {});

}  // namespace histomark::interchange

// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "core/result.h"
#include "interchange/dataset_source.h"
#include "interchange/imported_annotations.h"

namespace histomark::interchange {

// Reads one image's labels from a MIDOG / MIDOG++ dataset file (COCO-like JSON: `images`,
// `categories`, `annotations` with `bbox` = [x_min, y_min, x_max, y_max] in level-0 px, not COCO's
// [x, y, w, h]): each box becomes a point at its centre, of its category's class ("mitotic figure",
// "not mitotic figure" -> look-alike). `perReader` is ignored: the votes carry no reader names.
core::Result<ImportedAnnotations> readMidogJson(const std::string& text, const DatasetChoice& choice);

// The dataset's images (images: id, file_name).
core::Result<std::vector<DatasetImage>> midogImages(const std::string& text);

// Whether parsed-as-text JSON looks like such a dataset file (an object with images and annotations).
bool looksLikeMidogJson(const std::string& text);

}  // namespace histomark::interchange

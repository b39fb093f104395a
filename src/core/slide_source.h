// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>

#include "core/result.h"
#include "core/rgba_image.h"
#include "core/slide_info.h"

namespace histomark::core {

// The only way pixels enter the program. Implementations: slide::OpenSlideSource,
// slide::ImageFileSource, core::SyntheticSource.
class SlideSource {
public:
    virtual ~SlideSource() = default;

    // Levels, mpp, properties. Valid for the lifetime of the source; never changes.
    virtual const SlideInfo& info() const = 0;

    // Thread-safe. Reads `width` x `height` pixels of `level`, whose top-left corner is at
    // level-0 pixel (x0, y0). Areas outside the slide and transparent areas come back white.
    // Returns straight RGBA8 with alpha 255. After a read error the source is failed: this and
    // every later call return the (sticky) error text; the slide must be reopened.
    virtual Result<RgbaImage> readRegion(int64_t x0, int64_t y0, int level, int width, int height) = 0;

    // Thread-safe. Reads an associated image ("label", "macro", "thumbnail") by name.
    virtual Result<RgbaImage> readAssociatedImage(const std::string& name) {
        return Result<RgbaImage>::failure("no associated image '" + name + "'");
    }

    // Tells the source how many threads will read at once, so it can prepare per-thread state
    // now (OpenSlide handles take milliseconds to seconds to open) instead of on first use.
    virtual void prepareReaders(int /*threads*/) {}

    // Thread-safe. The sticky error text once a read has failed, empty before.
    virtual std::string failure() const { return {}; }
};

}  // namespace histomark::core

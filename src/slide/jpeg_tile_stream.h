// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"

namespace histomark::slide {

// The colour space a TIFF's photometric tag says its JPEG tiles are in. OpenSlide forces libjpeg
// to it whatever the stream's markers suggest (Aperio writes RGB tiles with no marker saying so).
enum class JpegColour { Ycbcr, Rgb };

// What a tile's JPEG headers say, read as libjpeg reads them.
struct JpegHeader {
    int width = 0, height = 0;
    int components = 0;
};

// One tile's JPEG stream, built in a buffer that is reused from tile to tile: the TIFF's shared
// JPEG tables (when it keeps them apart) followed by the tile's own bytes, read straight from the
// file into place. TurboJPEG cannot be told the colour space, so finish() edits the markers
// libjpeg guesses it from (JFIF, Adobe APP14) until the guess is the photometric tag's, which
// makes the pixels those OpenSlide's libjpeg produces.
class TileStreamBuffer {
public:
    // Room for an Adobe APP14 segment in front of the stream (16 bytes: FF EE, length, "Adobe", ...).
    static constexpr size_t kReserve = 16;

    // `tables` is the TIFF's JPEGTables without the trailing EOI (empty when each tile is a whole
    // stream). Returns where the tile's `tileBytes` bytes go.
    uint8_t* prepare(std::span<const uint8_t> tables, size_t tileBytes);
    // Checks the stream's headers (one baseline/progressive 8-bit 3-component frame) and fixes its
    // colour markers for `colour`. The stream is then ready for decodeJpegTile().
    core::Result<JpegHeader> finish(JpegColour colour);

    std::span<const uint8_t> stream() const { return {m_bytes.data() + m_begin, m_size}; }
    // Frees an unusually large buffer (one odd tile must not pin its memory on a thread forever).
    void trim(size_t keepBytes);

private:
    std::vector<uint8_t> m_bytes;
    size_t m_begin = 0, m_size = 0;
    std::span<const uint8_t> m_tables;  // between prepare() and finish()
};

// Decodes a finished stream of `header`'s size into RGBA (alpha 255) at `rgba`, rows `pitch`
// bytes apart, with the same accurate IDCT and fancy upsampling as OpenSlide's libjpeg. libjpeg
// warnings (a truncated tile, corrupt data) are errors, as in OpenSlide. Thread-safe.
core::Status decodeJpegTile(std::span<const uint8_t> stream, const JpegHeader& header, uint8_t* rgba, int pitch);

// One TurboJPEG handle reused from tile to tile, nothing else: what decoding alone costs, for the
// benchmark's decode limit. Not thread-safe; one per thread.
class BareJpegDecoder {
public:
    BareJpegDecoder();
    ~BareJpegDecoder();
    BareJpegDecoder(const BareJpegDecoder&) = delete;
    BareJpegDecoder& operator=(const BareJpegDecoder&) = delete;
    core::Status decode(std::span<const uint8_t> stream, const JpegHeader& header, uint8_t* rgba, int pitch);

private:
    void* m_tj;
};

}  // namespace histomark::slide

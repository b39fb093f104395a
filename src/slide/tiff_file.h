// SPDX-License-Identifier: MIT
#pragma once
#include <tiffio.h>

#include <cstdarg>
#include <cstdio>
#include <string>

namespace histomark::slide {

// A libtiff handle opened for reading whose errors are captured per handle (libtiff >= 4.5
// TIFFOpenExt) instead of going through libtiff's process-wide handlers, which other threads
// (OpenSlide readers) use at the same time. Warnings are dropped. Not copyable or movable: the
// handler keeps a pointer to m_error.
class TiffFile {
public:
    explicit TiffFile(const std::string& path) {
        TIFFOpenOptions* opts = TIFFOpenOptionsAlloc();
        TIFFOpenOptionsSetErrorHandlerExtR(opts, &TiffFile::onError, &m_error);
        TIFFOpenOptionsSetWarningHandlerExtR(opts, &TiffFile::onWarning, nullptr);
        m_tif = TIFFOpenExt(path.c_str(), "r", opts);
        TIFFOpenOptionsFree(opts);
        if (!m_tif && m_error.empty()) m_error = "not a TIFF file";
    }
    ~TiffFile() {
        if (m_tif) TIFFClose(m_tif);
    }
    TiffFile(const TiffFile&) = delete;
    TiffFile& operator=(const TiffFile&) = delete;

    explicit operator bool() const { return m_tif != nullptr; }
    TIFF* get() const { return m_tif; }
    // libtiff's last error text ("Cannot read TIFF directory count"), empty when there was none.
    const std::string& error() const { return m_error; }

private:
    // `module` is a file name or a libtiff function name, neither of use to the user: dropped.
    static int onError(TIFF*, void* user, const char*, const char* fmt, va_list ap) {
        char buf[512];
        std::vsnprintf(buf, sizeof buf, fmt, ap);
        *static_cast<std::string*>(user) = buf;
        return 1;  // handled: do not call the global handler
    }
    static int onWarning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

    std::string m_error;
    TIFF* m_tif = nullptr;
};

}  // namespace histomark::slide

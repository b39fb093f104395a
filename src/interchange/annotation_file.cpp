// SPDX-License-Identifier: MIT
#include "interchange/annotation_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "interchange/asap_xml.h"
#include "interchange/geojson.h"
#include "interchange/imagescope_xml.h"
#include "interchange/midog_json.h"
#include "interchange/point_exports.h"
#include "interchange/sliderunner_db.h"
#include "interchange/sliderunner_write.h"

namespace histomark::interchange {

namespace fs = std::filesystem;

namespace {

using Imported = core::Result<ImportedAnnotations>;

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Control bytes other than tab and line ends near the start: a binary file, not text.
bool looksBinary(const std::string& text) {
    const size_t n = std::min<size_t>(text.size(), 4096);
    for (size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return true;
    }
    return text.find('\0') != std::string::npos;
}

// The name of the first element, past the declaration, comments and a DOCTYPE; "" if none.
std::string rootElement(const std::string& text, size_t pos) {
    while (pos < text.size()) {
        while (pos < text.size() && blank(text[pos])) ++pos;
        if (pos >= text.size() || text[pos] != '<') return {};
        size_t end;
        if (text.compare(pos, 2, "<?") == 0) end = text.find("?>", pos), end = end == std::string::npos ? end : end + 2;
        else if (text.compare(pos, 4, "<!--") == 0) end = text.find("-->", pos), end = end == std::string::npos ? end : end + 3;
        else if (text.compare(pos, 2, "<!") == 0) {
            const size_t subset = text.find('[', pos), close = text.find('>', pos);
            end = subset < close ? text.find("]>", subset) : close;
            end = end == std::string::npos ? end : text.find('>', end) + 1;
        } else {
            size_t e = pos + 1;
            while (e < text.size() && !blank(text[e]) && text[e] != '>' && text[e] != '/') ++e;
            return text.substr(pos + 1, e - pos - 1);
        }
        if (end == std::string::npos) return {};
        pos = end;
    }
    return {};
}

Imported readText(const std::string& text, const DatasetChoice& choice) {
    if (text.size() >= 2 && ((text[0] == '\xff' && text[1] == '\xfe') || (text[0] == '\xfe' && text[1] == '\xff')))
        return Imported::failure("UTF-16 text is not supported; save the file as UTF-8");
    if (looksBinary(text)) return Imported::failure("a binary file, not an annotation file");
    size_t pos = text.compare(0, 3, "\xef\xbb\xbf") == 0 ? 3 : 0;  // UTF-8 byte order mark
    while (pos < text.size() && blank(text[pos])) ++pos;
    if (pos == text.size()) return Imported::failure("the file is empty");

    if (text[pos] == '{' || text[pos] == '[') {
        Imported r = readGeoJson(text);
        if (!r && r.error().rfind(kNotGeoJson, 0) == 0) {
            if (looksLikeMidogJson(text)) return readMidogJson(text, choice);
            return Imported::failure("unknown format: " + r.error());
        }
        return r;
    }
    if (text[pos] == '<') {
        const std::string root = rootElement(text, pos);
        if (root == "ASAP_Annotations") return readAsapXml(text);
        if (root == "Annotations") {
            const bool asap = text.find("<Coordinates") != std::string::npos && text.find("<Regions") == std::string::npos;
            return asap ? readAsapXml(text) : readImageScopeXml(text);
        }
        return Imported::failure(root.empty() ? "unknown format: XML without a root element"
                                              : "unknown format: XML with root <" + root +
                                                    ">, expected <ASAP_Annotations> (ASAP) or <Annotations> (ImageScope)");
    }
    return Imported::failure(
        "unknown format: neither JSON, XML nor an SQLite database (QuPath GeoJSON, ASAP XML, ImageScope XML, a SlideRunner "
        "database or a MIDOG JSON expected)");
}

std::string errnoText() { return std::strerror(errno); }

// Writes `bytes` to a new file beside `target`, syncs it and renames it over `target`.
// An export replaces an earlier export (a text file), never anything else that sits under the
// name: a project or SlideRunner database, a slide, an image. NUL bytes in the first 4 KiB mean
// binary (text exports never hold one).
core::Status mayReplace(const fs::path& target) {
    std::error_code ec;
    const auto status = fs::status(target, ec);
    if (!fs::exists(status)) return {};
    if (!fs::is_regular_file(status)) return core::Status::failure("not a file");
    std::string head(4096, '\0');
    std::ifstream in(target, std::ios::binary);
    in.read(head.data(), std::streamsize(head.size()));
    head.resize(size_t(std::max<std::streamsize>(0, in.gcount())));
    if (looksLikeSqlite(head))
        return core::Status::failure("the file is a database (a project or a SlideRunner set), not an export: left as it was; choose another name");
    if (head.find('\0') != std::string::npos)
        return core::Status::failure("the file is not a text export (a slide or an image?): left as it was; choose another name");
    return {};
}

core::Status replaceFile(const fs::path& target, const std::string& bytes) {
    if (auto ok = mayReplace(target); !ok) return ok;
    static std::atomic<unsigned> counter{0};
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    fs::path tmp;
    int fd = -1;
    for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
        std::string hidden = ".";  // hidden, and unique per process and call
        hidden += target.filename().string();
        hidden += '.';
        hidden += std::to_string(getpid()) + "-" + std::to_string(counter++) + ".tmp";
        tmp = dir / hidden;
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) return core::Status::failure("cannot create a file in " + dir.string() + ": " + errnoText());
    std::string problem;
    for (size_t done = 0; done < bytes.size() && problem.empty();) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) problem = "cannot write: " + errnoText();
        else done += static_cast<size_t>(n);
    }
    if (problem.empty() && ::fsync(fd) != 0) problem = "cannot write: " + errnoText();
    if (::close(fd) != 0 && problem.empty()) problem = "cannot write: " + errnoText();
    if (problem.empty() && ::rename(tmp.c_str(), target.c_str()) != 0) problem = "cannot replace the file: " + errnoText();
    if (!problem.empty()) {
        ::unlink(tmp.c_str());
        return core::Status::failure(problem);
    }
    // The rename itself reaches the disk once the folder is synced.
    if (const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return {};
}

// The whole file as bytes, after the checks every reader needs; errors say why, not which file.
core::Result<std::string> readWhole(const std::filesystem::path& path) {
    const auto fail = [](const std::string& why) { return core::Result<std::string>::failure(why); };
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) return fail("no such file (" + path.string() + ")");
    if (ec) return fail(ec.message());
    if (fs::is_directory(status)) return fail("it is a folder, not a file");
    if (!fs::is_regular_file(status)) return fail("not a regular file");
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) return fail(ec.message());
    const auto tooLarge = [&](std::uintmax_t bytes) {
        return fail("the file is " + std::to_string((bytes + 999'999) / 1'000'000) + " MB; annotation files over " +
                    std::to_string(kMaxAnnotationFileBytes / 1'000'000) + " MB are not read");
    };
    if (size > kMaxAnnotationFileBytes) return tooLarge(size);

    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) return fail(errnoText());
    std::string text;
    try {
        text.resize(static_cast<size_t>(size) + 1);  // one byte more tells a file that grew since stat
        const size_t got = std::fread(text.data(), 1, text.size(), file.get());
        if (std::ferror(file.get())) return fail("cannot read: " + errnoText());
        if (got > kMaxAnnotationFileBytes) return tooLarge(got);
        text.resize(got);
    } catch (const std::bad_alloc&) {
        return fail("not enough memory to read it");
    }
    return text;
}

// Why a MIDOG dataset file at `path` must not be overwritten (it holds other images), or nullopt.
std::optional<std::string> midogDatasetHeld(const fs::path& path, const ExportImage& image) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return std::nullopt;
    auto text = readWhole(path);
    if (!text || !looksLikeMidogJson(*text)) return std::nullopt;
    auto images = midogImages(*text);
    if (!images) return std::nullopt;
    std::string others;
    size_t n = 0;
    for (const auto& im : *images)
        if (im.fileName != image.fileName && n++ < 3) others += (others.empty() ? "" : ", ") + im.fileName;
    if (!n) return std::nullopt;
    return "it is a MIDOG dataset of " + std::to_string(images->size()) + " images (" + others + (n > 3 ? ", ..." : "") +
           "), left as it was: export to a new file";
}

}  // namespace

core::Result<ImportedAnnotations> readAnnotationFile(const std::filesystem::path& path, const DatasetChoice& choice) {
    const auto fail = [&](const std::string& why) { return Imported::failure("Cannot import " + path.filename().string() + ": " + why); };
    auto text = readWhole(path);
    if (!text) return fail(text.error());
    Imported result = looksLikeSqlite(*text) ? readSlideRunner(path, choice) : readText(*text, choice);
    if (!result) return fail(result.error());
    // Read, but nothing in it: said, so an export of the wrong objects (QuPath detections
    // without annotations, another image's set) does not pass for an import.
    if (result->annotations.empty() && result->warnings.empty())
        result->warnings.push_back("the file holds no marks to import");
    return result;
}

core::Result<std::vector<DatasetImage>> listDatasetImages(const std::filesystem::path& path) {
    auto text = readWhole(path);
    if (!text) return core::Error{"Cannot read " + path.filename().string() + ": " + text.error()};
    if (looksLikeSqlite(*text)) return slideRunnerImages(path);
    if (looksLikeMidogJson(*text)) {
        auto images = midogImages(*text);
        if (images) return images;
    }
    return std::vector<DatasetImage>{};
}

core::Result<ExportReport> exportAnnotationFile(const std::filesystem::path& path, const std::vector<core::Annotation>& annotations,
                                                const std::vector<core::AnnotationClass>& classes, const ExportImage& image,
                                                std::optional<ExportFormat> format, const MarkLabels& labels) {
    const std::string name = path.filename().string();
    const auto fail = [&](const std::string& why) { return core::Error{"Cannot export to " + name + ": " + why}; };
    if (!format) format = exportFormatOfPath(path);
    if (!format) return fail("unknown extension; use .geojson, .json (QuPath), .xml (ASAP), .sqlite (SlideRunner) or .csv");
    for (size_t i = 0; i < annotations.size(); ++i)
        if (const auto problem = core::geometryProblem(annotations[i]))
            return fail("annotation " + std::to_string(i) + " (" + core::shapeKindName(annotations[i].kind) + "): " + *problem);
    try {
        ExportReport report;
        report.format = *format;
        report.written = annotations.size();
        std::string text;
        switch (*format) {
            case ExportFormat::GeoJson: text = writeGeoJson(annotations, classes); break;
            case ExportFormat::AsapXml: text = writeAsapXml(annotations, classes); break;
            case ExportFormat::SlideRunner: {
                auto written = writeSlideRunner(path, annotations, classes, image, labels);
                if (!written) return fail(written.error());
                return written;
            }
            case ExportFormat::Csv: {
                PointExport out = writeMarksCsv(annotations);
                text = std::move(out.text), report = std::move(out.report);
                break;
            }
            case ExportFormat::MidogDataset: {
                if (auto held = midogDatasetHeld(path, image)) return fail(*held);
                PointExport out = writeMidogDataset(annotations, image);
                text = std::move(out.text), report = std::move(out.report);
                break;
            }
            case ExportFormat::MidogPoints: {
                auto out = writeMidogPoints(annotations, image);
                if (!out) return fail(out.error());
                text = std::move(out->text), report = std::move(out->report);
                break;
            }
        }
        const core::Status written = replaceFile(path, text);
        if (!written) return fail(written.error());
        return report;
    } catch (const std::exception& e) {  // bad_alloc while building the text
        return fail(e.what());
    }
}

core::Status writeAnnotationFile(const std::filesystem::path& path, const std::vector<core::Annotation>& annotations,
                                 const std::vector<core::AnnotationClass>& classes) {
    auto r = exportAnnotationFile(path, annotations, classes);
    return r ? core::Status{} : core::Status::failure(r.error());
}

bool isDetectionFileName(const std::filesystem::path& path) {
    return exportFormatOfPath(path) == ExportFormat::GeoJson;
}

core::Status writeDetectionFile(const std::filesystem::path& path, const std::vector<Detection>& detections) {
    const auto fail = [&](const std::string& why) {
        return core::Status::failure("Cannot export to " + path.filename().string() + ": " + why);
    };
    if (!isDetectionFileName(path)) return fail("detections are written as QuPath GeoJSON: use .geojson or .json");
    try {
        const core::Status written = replaceFile(path, writeGeoJsonDetections(detections));
        return written ? written : fail(written.error());
    } catch (const std::exception& e) {
        return fail(e.what());
    }
}

}  // namespace histomark::interchange

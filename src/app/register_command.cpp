// SPDX-License-Identifier: MIT
#include "app/register_command.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/cli_checks.h"
#include "app/cli_progress.h"
#include "analysis/registration.h"
#include "slide/slide_opener.h"

namespace histomark::app {
namespace {

// A slide with a user-given scale: the same pixels, another mpp in info().
class RescaledSource final : public core::SlideSource {
public:
    RescaledSource(std::shared_ptr<core::SlideSource> inner, double mpp) : m_inner(std::move(inner)), m_info(m_inner->info()) {
        m_info.mpp.x = m_info.mpp.y = mpp;
        m_info.mpp.source = core::MppSource::User;
        m_info.mpp.note = "given on the command line";
    }
    const core::SlideInfo& info() const override { return m_info; }
    core::Result<core::RgbaImage> readRegion(int64_t x0, int64_t y0, int level, int width, int height) override {
        return m_inner->readRegion(x0, y0, level, width, height);
    }
    std::string failure() const override { return m_inner->failure(); }

private:
    std::shared_ptr<core::SlideSource> m_inner;
    core::SlideInfo m_info;
};

core::Result<std::shared_ptr<core::SlideSource>> openWithScale(const std::string& path, const std::optional<double>& mpp) {
    auto s = slide::openSlide(path);
    if (!s || !mpp) return s;
    return std::shared_ptr<core::SlideSource>(std::make_shared<RescaledSource>(*s, *mpp));
}

nlohmann::json toJson(const RegisterArgs& a, const analysis::RegistrationResult& r, double ms) {
    const core::Affine& t = r.movingToFixed;
    return {{"fixed", a.fixed},
            {"moving", a.moving},
            {"transform", {{t.a, t.b, t.tx}, {t.c, t.d, t.ty}}},
            {"rotation_degrees", r.rotationDegrees},
            {"mirrored", r.mirrored},
            {"scale", r.scale},
            {"residual_um", r.residualUm},
            {"residual_p90_um", r.residualP90Um},
            {"residual_patches", r.residualPatches},
            {"score", r.score},
            {"overlap", r.overlap},
            {"working_um_per_px", r.workingUmPerPx},
            {"method", r.method},
            {"notes", r.notes},
            {"elapsed_ms", ms}};
}

void printText(const RegisterArgs& a, const analysis::RegistrationResult& r, double ms) {
    const core::Affine& t = r.movingToFixed;
    std::printf("Fixed:      %s\nMoving:     %s\n", a.fixed.c_str(), a.moving.c_str());
    std::printf("Transform:  moving level-0 px -> fixed level-0 px\n");
    std::printf("            [ %10.6f %10.6f %12.2f ]\n            [ %10.6f %10.6f %12.2f ]\n", t.a, t.b, t.tx, t.c, t.d, t.ty);
    std::printf("Rotation:   %.2f deg   Mirrored: %s   Scale: %.4f\n", r.rotationDegrees, r.mirrored ? "yes" : "no", r.scale);
    if (r.residualUm >= 0)
        std::printf("Residual:   %.2f um median, %.2f um 90th percentile (%d patches)\n", r.residualUm, r.residualP90Um,
                    r.residualPatches);
    else
        std::printf("Residual:   not measurable\n");
    std::printf("Score:      %.2f (tissue overlap %.0f %%)\n", r.score, 100 * r.overlap);
    std::printf("Method:     %s\n", r.method.c_str());
    for (const auto& n : r.notes) std::printf("Note:       %s\n", n.c_str());
    std::printf("Time:       %.0f ms\n", ms);
}

bool validScale(const std::optional<double>& v) { return !v || (std::isfinite(*v) && *v > 0 && *v < 1000); }

}  // namespace

int runRegister(const RegisterArgs& a) {
    if (!validScale(a.mppFixed) || !validScale(a.mppMoving)) {
        std::fprintf(stderr, "histomark register: --mpp-fixed/--mpp-moving must be a positive number of um per pixel\n");
        return 1;
    }
    auto fixed = openWithScale(a.fixed, a.mppFixed);
    if (!fixed) {
        std::fprintf(stderr, "histomark register: fixed slide: %s\n", fixed.error().c_str());
        return 1;
    }
    auto moving = openWithScale(a.moving, a.mppMoving);
    if (!moving) {
        std::fprintf(stderr, "histomark register: moving slide: %s\n", moving.error().c_str());
        return 1;
    }
    analysis::RegistrationOptions o;
    o.allowAffine = !a.rigid;
    o.allowMirror = !a.noMirror;
    const auto start = std::chrono::steady_clock::now();
    CliProgress progress("aligning");
    auto r = progress.run([&](core::JobControl* job) { return analysis::registerSlides(**fixed, **moving, o, job); });
    if (progress.interrupted()) {
        std::fprintf(stderr, "histomark register: stopped (Ctrl-C)\n");
        return 130;
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!r) {
        std::fprintf(stderr, "histomark register: %s\n", r.error().c_str());
        return 1;
    }
    if (a.json) std::printf("%s\n", toJson(a, *r, ms).dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    else printText(a, *r, ms);
    return 0;
}

void addRegisterCommand(CLI::App& cli, std::function<int()>& action) {
    auto args = std::make_shared<RegisterArgs>();
    auto mpp = std::make_shared<std::pair<double, double>>(0.0, 0.0);
    auto* sub = cli.add_subcommand("register", "Find the transform of MOVING (e.g. an IHC section) onto FIXED (the H&E) from the tissue");
    sub->add_option("fixed", args->fixed, "Reference slide (level-0 frame of the result)")->required();
    sub->add_option("moving", args->moving, "Slide to align onto the fixed one")->required();
    sub->add_flag("--json", args->json, "One JSON object");
    auto* mppFixed = sub->add_option("--mpp-fixed", mpp->first, "Scale of the fixed slide, um per level-0 pixel (overrides the file)")
                         ->check(micronsPerPixel());
    auto* mppMoving = sub->add_option("--mpp-moving", mpp->second, "Scale of the moving slide, um per level-0 pixel (overrides the file)")
                          ->check(micronsPerPixel());
    sub->add_flag("--rigid", args->rigid, "Rotation, shift and uniform scale only (no shear or stretch)");
    sub->add_flag("--no-mirror", args->noMirror, "Do not consider a flipped section");
    sub->callback([=, &action] {
        if (mppFixed->count()) args->mppFixed = mpp->first;
        if (mppMoving->count()) args->mppMoving = mpp->second;
        action = [args] { return runRegister(*args); };
    });
}

}  // namespace histomark::app

// SPDX-License-Identifier: MIT
// registerImages / registerSlides as a background job: progress, cancellation, and bad input
// answered with a message instead of a crash.
#include <atomic>
#include <chrono>
#include <thread>

#include "analysis/registration.h"
#include "registration_fixtures.h"
#include "support/test_data.h"

namespace histomark::analysis {
namespace {

test::Picture cmu() {
    const auto file = ::histomark::test::dataPath("cmu-1-small-region/CMU-1-Small-Region.svs");
    if (!std::filesystem::exists(file)) return {};
    return test::readPicture(file, 4.0);
}

cv::Mat rotatedCopy(const test::Picture& p, double degrees) {
    core::Affine t = test::rotationAbout(degrees, p.rgb.cols / 2.0, p.rgb.rows / 2.0);
    return test::transformedCopy(p.rgb, t);
}

TEST(RegistrationJob, ProgressReachesOne) {
    HM_REQUIRE_DATA(file, "cmu-1-small-region/CMU-1-Small-Region.svs");
    const test::Picture p = cmu();
    core::JobControl job;
    std::atomic<bool> done{false};
    std::vector<double> seen;
    std::thread watcher([&] {
        while (!done) seen.push_back(job.progress()), std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    auto r = registerImages(p.rgb, p.umPerPx, rotatedCopy(p, 70), p.umPerPx, {}, &job);
    done = true;
    watcher.join();
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_DOUBLE_EQ(job.progress(), 1.0);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end())) << "progress never goes back";
}

TEST(RegistrationJob, CancelledBeforeOrWhileRunning) {
    HM_REQUIRE_DATA(file, "cmu-1-small-region/CMU-1-Small-Region.svs");
    const test::Picture p = cmu();
    const cv::Mat moving = rotatedCopy(p, 200);
    core::JobControl before;
    before.cancel();
    auto r = registerImages(p.rgb, p.umPerPx, moving, p.umPerPx, {}, &before);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "cancelled");

    // Cancelled by another thread as soon as the job has started.
    core::JobControl job;
    std::thread canceller([&] {
        while (job.progress() <= 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
        job.cancel();
    });
    auto r2 = registerImages(p.rgb, p.umPerPx, moving, p.umPerPx, {}, &job);
    canceller.join();
    ASSERT_FALSE(r2.ok());
    EXPECT_EQ(r2.error(), "cancelled");
}

TEST(RegistrationJob, BadPicturesGiveMessages) {
    const cv::Mat glass(400, 500, CV_8UC3, cv::Scalar(242, 241, 243));
    cv::Mat tissue = glass.clone();
    cv::circle(tissue, {250, 200}, 120, cv::Scalar(200, 120, 180), cv::FILLED);
    cv::circle(tissue, {220, 180}, 30, cv::Scalar(120, 60, 150), cv::FILLED);

    auto noFixed = registerImages(glass, 2.0, tissue, 2.0);
    ASSERT_FALSE(noFixed.ok());
    EXPECT_EQ(noFixed.error(), "no tissue found in the fixed image");
    auto noMoving = registerImages(tissue, 2.0, glass, 2.0);
    ASSERT_FALSE(noMoving.ok());
    EXPECT_EQ(noMoving.error(), "no tissue found in the moving image");

    auto empty = registerImages(cv::Mat(), 2.0, tissue, 2.0);
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error(), "the fixed image is empty");
    auto tiny = registerImages(tissue, 2.0, cv::Mat(8, 8, CV_8UC3, cv::Scalar(90, 40, 120)), 2.0);
    ASSERT_FALSE(tiny.ok());
    EXPECT_NE(tiny.error().find("too small"), std::string::npos) << tiny.error();
    auto grey = registerImages(cv::Mat(400, 500, CV_8UC1, cv::Scalar(128)), 2.0, tissue, 2.0);
    ASSERT_FALSE(grey.ok());
    EXPECT_EQ(grey.error(), "the fixed image is not 8-bit RGB");

    // A tissue picture against itself in pixels (no scale at all): works, and says so.
    auto pixels = registerImages(tissue, 0, tissue, 0);
    ASSERT_TRUE(pixels.ok()) << pixels.error();
    ASSERT_FALSE(pixels->notes.empty());
    EXPECT_NE(pixels->notes.front().find("neither image has a scale"), std::string::npos) << pixels->notes.front();
    EXPECT_LT(core::distance(pixels->movingToFixed.apply(core::Level0Point{250, 200}), {250, 200}), 1.0);
}

}  // namespace
}  // namespace histomark::analysis

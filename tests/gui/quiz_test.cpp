// SPDX-License-Identifier: MIT
// Quiz mode in the real window under Xvfb, on a copy of the generated teaching project (QUIZ-001:
// the drawn figures of the demo H&E as the answer key, the hotspot box as the question's area): the
// learner sees the box but not the answer, marks, submits; then the answer and the score show,
// in the consensus colours, the marks no longer change, and `histomark teaching score` agrees.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "gui/demo_case.h"
#include "gui/gui_shot.h"
#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;
namespace fs = std::filesystem;

TEST(Quiz, TheAnswerStaysHiddenUntilSubmittedThenTheScoreShowsOnTheSlide) {
    HM_REQUIRE_DISPLAY();
    const fs::path dir = tempDir("gui-quiz-project");
    const fs::path project = dir / "teaching.hmproj";
    fs::copy_file(kCaseDir / "teaching.hmproj", project, fs::copy_options::overwrite_existing);
    const json truth = demoTruth();
    const json& h = truth.at("hotspot");
    const double hx = h.at("x"), hy = h.at("y"), hw = h.at("width"), hh = h.at("height");
    std::vector<Point> inBox, outside;
    for (const json& f : truth.at("mitoticFigures")) {
        const Point p{f.at("x"), f.at("y")};
        (p.x >= hx && p.x < hx + hw && p.y >= hy && p.y < hy + hh ? inBox : outside).push_back(p);
    }
    ASSERT_GE(inBox.size(), 12u);
    // The learner finds the first ten, 4 px (1 µm) off, and marks one stray in a corner of the box.
    std::string marks;
    for (size_t i = 0; i < 10; ++i)
        marks += "click-slide 0 " + std::to_string(inBox[i].x + 4) + " " + std::to_string(inBox[i].y - 4) + "\n";
    const Point stray{hx + 30, hy + 30};
    marks += "click-slide 0 " + std::to_string(stray.x) + " " + std::to_string(stray.y) + "\n";
    // The click-in-region question: the answer key's three largest vessels. The learner clicks in
    // two of them, and once in the box, clear of every figure and vessel.
    std::vector<Point> vessels;
    {
        const fs::path key = dir / "key.geojson";
        auto exported = runCommand(quote(histomarkBinary()) + " marks export " + quote(project.string()) +
                                   " --case QUIZ-001 --slide 1 " + quote(key.string()) + " --reader 'answer key'");
        ASSERT_EQ(exported.exitCode, 0) << exported.err;
        const json exportedMarks = readJson(key);
        for (const json& f : exportedMarks.at("features")) {
            if (f.at("geometry").at("type") != "Polygon") continue;
            Point c{0, 0};
            const json& ring = f.at("geometry").at("coordinates").at(0);
            for (const json& v : ring) c.x += v.at(0).get<double>() / double(ring.size()), c.y += v.at(1).get<double>() / double(ring.size());
            vessels.push_back(c);
        }
    }
    ASSERT_EQ(vessels.size(), 3u);
    Point wrong{hx + hw - 40, hy + hh - 40};
    for (double y = hy + 40; y < hy + hh - 40; y += 29)  // at least 25 µm from every figure and the stray
        for (double x = hx + hw - 40; x > hx + 40; x -= 31) {
            bool clear = std::hypot(stray.x - x, stray.y - y) * 0.25 > 25;
            for (const json& f : truth.at("mitoticFigures"))
                clear &= std::hypot(f.at("x").get<double>() - x, f.at("y").get<double>() - y) * 0.25 > 25;
            if (clear) wrong = {x, y}, y = hy + hh, x = hx;
        }
    marks += "mark-class vessel\n";
    for (size_t i = 0; i < 2; ++i)
        marks += "center " + std::to_string(vessels[i].x) + " " + std::to_string(vessels[i].y) + "\nwait-frames 2\nclick-slide 0 " +
                 std::to_string(vessels[i].x) + " " + std::to_string(vessels[i].y) + "\n";
    marks += "center " + std::to_string(hx + hw / 2) + " " + std::to_string(hy + hh / 2) + "\nwait-frames 2\nclick-slide 0 " +
             std::to_string(wrong.x) + " " + std::to_string(wrong.y) + "\nmark-class mitotic_figure\n";
    const fs::path before = dir / "before.json", beforePng = dir / "before.png";
    const std::string body = "open-project " + project.string() + "\nwait-idle 180\nselect-viewer 0\ncenter " +
                             std::to_string(hx + hw / 2) + " " + std::to_string(hy + hh / 2) +
                             "\nzoom 6x\nwait-idle 60\ntool point\n" + marks + "record 1 positive 2 85 diffuse\nwait-idle 30\nwait-frames 3\nreport " + before.string() +
                             "\nscreenshot " + beforePng.string() + "\nquiz-submit\nwait-idle 30\nclick-slide 0 " +
                             std::to_string(hx + 90) + " " + std::to_string(hy + 90) + "\ntool navigate\nwait-frames 3\n";
    Shot s = screenshot("", body, "quiz", "--quiz sam", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;

    // Before: quiz mode on question 1, the learner's 11 marks, no score; the window shows none of
    // the answer key's marks, in the box or outside it.
    const json r1 = readJson(before);
    const json& q1 = r1.at("case").at("annotations").at("quiz");
    EXPECT_EQ(q1.at("number"), 1);
    EXPECT_EQ(q1.at("submitted"), false);
    EXPECT_EQ(r1.at("case").at("annotations").at("reader"), "sam");
    EXPECT_EQ(marksOf(r1).at("quiz").at("learner_marks"), 11);
    EXPECT_FALSE(marksOf(r1).at("quiz").contains("tp"));
    const json& g1 = marksOf(r1).at("quiz").at("regions");
    ASSERT_EQ(g1.size(), 1u);
    EXPECT_EQ(g1.at(0).at("class"), "vessel");
    EXPECT_EQ(g1.at(0).at("clicks"), 3);
    EXPECT_FALSE(g1.at(0).contains("regions")) << "how many regions there are is part of the answer";
    // The desmin reading is the learner's own: the slide's record (the answer) is not loaded.
    const json& m1 = r1.at("case").at("markers");
    ASSERT_EQ(m1.at("records").size(), 1u);
    EXPECT_EQ(m1.at("records").at(0).at("reader"), "sam");
    EXPECT_TRUE(m1.at("quiz_answers").empty());
    EXPECT_EQ(m1.at("locked"), false);
    const cv::Mat b = cv::imread(beforePng.string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(b.empty());
    const Point missed = inBox[11];
    const Point far = outside.front();
    EXPECT_EQ(pixelsNear(b, onScreen(r1, missed), 12, 252, 124, 167), 0) << "an answer key mark shows before submission";
    EXPECT_EQ(pixelsNear(b, onScreen(r1, missed), 12, 60, 160, 255), 0);
    EXPECT_GT(pixelsNear(b, onScreen(r1, inBox[0]), 12, 252, 124, 167), 10) << "the learner's own mark is drawn";
    // The question's box (the answer key's count region) is drawn in the fields' yellow.
    EXPECT_GT(pixelsNear(b, onScreen(r1, {hx + hw / 2, hy}), 6, 255, 235, 60), 5);

    // After: submitted; found 10 of the box's figures, 1 stray, the rest missed; the click after
    // submission was refused.
    const json& q2 = s.report.at("case").at("annotations").at("quiz");
    EXPECT_EQ(q2.at("submitted"), true);
    EXPECT_NE(s.report.at("case").at("annotations").at("message").get<std::string>().find("submitted"), std::string::npos);
    const json& score = marksOf(s.report).at("quiz");
    EXPECT_EQ(score.at("learner_marks"), 11);
    EXPECT_EQ(score.at("tp"), 10);
    EXPECT_EQ(score.at("fp"), 1);
    EXPECT_EQ(score.at("fn"), int(inBox.size()) - 10);
    EXPECT_EQ(score.at("reference_count"), int(inBox.size()));
    EXPECT_EQ(marksOf(s.report).at("by_reader").at("sam"), 14);
    EXPECT_TRUE(s.report.at("case").at("teaching_results").at("learners").empty()) << "a learner never gets the class's results";
    const json& g2 = score.at("regions").at(0);
    EXPECT_EQ(g2.at("regions"), 3);
    EXPECT_EQ(g2.at("regions_found"), 2);
    EXPECT_EQ(g2.at("clicks_inside"), 2);
    // The desmin: the answer (positive 3+ diffuse, 100 %) beside sam's reading, which is locked now.
    const json& m2 = s.report.at("case").at("markers");
    EXPECT_EQ(m2.at("locked"), true);
    ASSERT_EQ(m2.at("quiz_answers").size(), 1u);
    const json& ans = m2.at("quiz_answers").at(0);
    EXPECT_EQ(ans.at("result_agrees"), true);
    EXPECT_EQ(ans.at("intensity_agrees"), false);
    EXPECT_EQ(ans.at("extent_agrees"), false);
    EXPECT_NE(ans.at("reference").get<std::string>().find("3+"), std::string::npos);
    // On the slide: green round a found figure, orange round the stray, blue round a missed one,
    // and the answer key's marks outside the box now show.
    EXPECT_GT(pixelsNear(s.image, onScreen(s.report, inBox[0]), 16, 60, 220, 90), 10);
    EXPECT_GT(pixelsNear(s.image, onScreen(s.report, stray), 16, 255, 150, 30), 10);
    EXPECT_GT(pixelsNear(s.image, onScreen(s.report, missed), 16, 60, 160, 255), 10);
    EXPECT_GT(pixelsNear(s.image, onScreen(s.report, far), 12, 252, 124, 167), 5);
    EXPECT_GT(pixelsNear(s.image, onScreen(s.report, wrong), 16, 255, 150, 30), 10) << "the click outside every vessel";

    // The project has the submission; the CLI scores it the same.
    auto cli = runCommand(quote(histomarkBinary()) + " teaching score " + quote(project.string()) + " --learner sam --json");
    ASSERT_EQ(cli.exitCode, 0) << cli.err;
    const json c = json::parse(cli.out);
    EXPECT_EQ(c.at("cases").at(0).at("submitted"), true);
    EXPECT_EQ(c.at("tp"), 10);
    EXPECT_EQ(c.at("fp"), 1);
    EXPECT_EQ(c.at("regions_asked"), 3);
    EXPECT_EQ(c.at("regions_found"), 2);
    EXPECT_EQ(c.at("region_clicks_inside"), 2);
}

TEST(Quiz, AProjectWithoutTeachingCasesSaysSoAndShowsNoCaseList) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("quiz-none");
    Shot s = screenshot("", "open-project " + project.string() + "\nwait-idle 60\n", "quiz-none", "--quiz sam", "1280x800");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    EXPECT_FALSE(s.report.contains("case")) << "no case opens for a learner in a project without teaching cases";
    // The case list (and its accessions) is not drawn: the window holds the one tab with the message
    // in the panels' red, at the top left.
    ASSERT_FALSE(s.image.empty());
    int red = 0;
    for (int x = 10; x < 400; x += 20) red += pixelsNear(s.image, {x, 57}, 8, 255, 115, 102, 40);
    EXPECT_GT(red, 20);
}

// Quiz mode as the teaching set's reference reader would mark over the answer: refused, no case opens.
TEST(Quiz, TheReferenceReaderCannotTakeTheQuiz) {
    HM_REQUIRE_DISPLAY();
    const fs::path dir = tempDir("quiz-key-project");
    const fs::path project = dir / "teaching.hmproj";
    fs::copy_file(kCaseDir / "teaching.hmproj", project, fs::copy_options::overwrite_existing);
    Shot s = screenshot("", "open-project " + project.string() + "\nwait-idle 60\n", "quiz-key", "--quiz 'answer key'", "1280x800");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    EXPECT_FALSE(s.report.contains("case")) << "the answer is not opened for editing in quiz mode";
    ASSERT_TRUE(s.report.contains("quiz_error")) << s.report.dump();
    EXPECT_NE(s.report.at("quiz_error").get<std::string>().find("is the reference reader"), std::string::npos);
}

// The educator's side in the ordinary window: a case becomes a teaching case (the reader's marks
// the answer), and a learner then gets it as question 1 without the educator's marks.
TEST(Quiz, AnEducatorMakesTheOpenCaseATeachingCaseInTheWindow) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("quiz-educator");
    const json truth = demoTruth();
    std::string clicks;
    for (int i = 0; i < 3; ++i)
        clicks += "click-slide 0 " + std::to_string(truth.at("mitoticFigures").at(i).at("x").get<double>()) + " " +
                  std::to_string(truth.at("mitoticFigures").at(i).at("y").get<double>()) + "\n";
    const std::string body = "select-viewer 0\nreader educator\ntool point\n" + clicks +
                             "teaching educator Mark_the_figures\nwait-idle 30\ntool navigate\n";
    Shot s = screenshot("", script(project, body), "quiz-educator", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json& t = s.report.at("case").at("annotations").at("teaching");
    EXPECT_EQ(t.at("reference"), "educator");
    EXPECT_EQ(t.at("question"), "Mark the figures");
    EXPECT_EQ(t.at("submissions"), 0);

    auto list = runCommand(quote(histomarkBinary()) + " teaching list " + quote(project.string()) + " --json");
    ASSERT_EQ(list.exitCode, 0) << list.err;
    const json l = json::parse(list.out);
    ASSERT_EQ(l.size(), 1u);
    EXPECT_EQ(l[0].at("case"), "DEMO-LMS-001");

    // The learner's window: question 1, none of the educator's three marks shown or counted as theirs.
    const fs::path r = project.parent_path() / "learner.json";
    Shot q = screenshot("", "open-project " + project.string() + "\nwait-idle 180\nreport " + r.string() + "\n", "quiz-learner",
                        "--quiz sam", "1280x800");
    ASSERT_EQ(q.exitCode, 0) << q.err;
    const json lr = readJson(r);
    EXPECT_EQ(lr.at("case").at("annotations").at("quiz").at("number"), 1);
    EXPECT_EQ(lr.at("case").at("annotations").at("quiz").at("question"), "Mark the figures");
    EXPECT_EQ(marksOf(lr).at("quiz").at("learner_marks"), 0);
}

// The educator's results window: every learner's answer scored from the marks the window holds,
// agreeing with `histomark teaching results` on the same project.
TEST(Quiz, TheEducatorSeesEveryLearnersScoreAsTheCliGivesIt) {
    HM_REQUIRE_DISPLAY();
    const fs::path dir = tempDir("quiz-results-project");
    const fs::path project = dir / "teaching.hmproj";
    fs::copy_file(kCaseDir / "teaching.hmproj", project, fs::copy_options::overwrite_existing);
    const std::string hm = quote(histomarkBinary()) + " ", p = quote(project.string());
    // sam: three of the box's figures and one stray, the desmin as the answer has it, submitted;
    // kim: no figures, the desmin called negative, not submitted.
    const json truth = demoTruth();
    const json& h = truth.at("hotspot");
    const double hx = h.at("x"), hy = h.at("y"), hw = h.at("width"), hh = h.at("height");
    json features = json::array();
    const auto point = [&](double x, double y) {
        features.push_back({{"type", "Feature"},
                            {"geometry", {{"type", "Point"}, {"coordinates", {x, y}}}},
                            {"properties", {{"objectType", "annotation"}, {"classification", {{"name", "Mitosis"}}}}}});
    };
    int inBox = 0;
    for (const json& f : truth.at("mitoticFigures")) {
        const double x = f.at("x"), y = f.at("y");
        if (inBox < 3 && x >= hx && x < hx + hw && y >= hy && y < hy + hh) point(x + 3, y + 3), ++inBox;
    }
    point(hx + 30, hy + 30);
    std::ofstream(dir / "sam.geojson") << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
    for (const std::string& cmd :
         {"marks import " + p + " " + quote((dir / "sam.geojson").string()) + " --case QUIZ-001 --slide 1 --reader sam",
          "record-marker " + p + " --case QUIZ-001 --slide desmin --result positive --intensity 3+ --extent 95 --distribution diffuse "
                                 "--compartment cytoplasmic --learner sam",
          "teaching submit " + p + " --case QUIZ-001 --learner sam",
          "record-marker " + p + " --case QUIZ-001 --slide desmin --result negative --learner kim"}) {
        auto r = runCommand(hm + cmd);
        ASSERT_EQ(r.exitCode, 0) << cmd << "\n" << r.err;
    }
    // While the window is open, kim hands in one figure from another window (here the CLI); the
    // educator's Refresh reads it.
    const fs::path before = dir / "before.json", go = dir / "kim-answered";
    std::atomic<bool> windowClosed{false};
    std::thread kimAnswers([&] {
        while (!windowClosed && !fs::exists(before)) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (!fs::exists(before)) return;  // the script failed before asking
        features = json::array();
        for (const json& f : truth.at("mitoticFigures")) {  // the first figure in the question's box
            const double x = f.at("x"), y = f.at("y");
            if (x >= hx && x < hx + hw && y >= hy && y < hy + hh) {
                point(x, y);
                break;
            }
        }
        std::ofstream(dir / "kim.geojson") << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
        runCommand(hm + "marks import " + p + " " + quote((dir / "kim.geojson").string()) + " --case QUIZ-001 --slide 1 --reader kim");
        runCommand(hm + "teaching submit " + p + " --case QUIZ-001 --learner kim");
        std::ofstream(go) << "done\n";
    });
    Shot s = screenshot("",
                        "open-project " + project.string() + "\nopen-case QUIZ-001\nwait-idle 180\nteaching-results on\nwait-frames 5\nreport " +
                            before.string() + "\nwait-file " + go.string() + " 300\nteaching-results refresh\nwait-idle 120\nwait-frames 5\n",
                        "quiz-results", "", "1600x1000");
    windowClosed = true;
    kimAnswers.join();
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json first = readJson(before);
    const json& t = first.at("case").at("teaching_results");
    EXPECT_EQ(t.at("shown"), true);
    ASSERT_EQ(t.at("learners").size(), 2u) << t.dump();  // kim, sam (the answer key is no learner)
    const json& kim = t.at("learners").at(0);
    const json& sam = t.at("learners").at(1);
    EXPECT_EQ(kim.at("learner"), "kim");
    EXPECT_EQ(kim.at("submitted"), false);
    EXPECT_EQ(kim.at("markers_agreed"), 0);
    EXPECT_EQ(kim.at("tp"), 0);
    EXPECT_EQ(sam.at("submitted"), true);
    EXPECT_EQ(sam.at("tp"), 3);
    EXPECT_EQ(sam.at("fp"), 1);
    EXPECT_EQ(sam.at("learner_count"), 4);
    EXPECT_EQ(sam.at("reference_count"), h.at("mitoticFigures"));
    EXPECT_EQ(sam.at("markers_asked"), 1);
    EXPECT_EQ(sam.at("markers_agreed"), 1);
    EXPECT_EQ(sam.at("regions_asked"), 3);

    // After Refresh: kim's answer is in, and the table equals the CLI's of the same project.
    const json& now = s.report.at("case").at("teaching_results");
    ASSERT_EQ(now.at("learners").size(), 2u) << now.dump();
    EXPECT_EQ(now.at("learners").at(0).at("submitted"), true);
    EXPECT_EQ(now.at("learners").at(0).at("tp"), 1);
    EXPECT_EQ(now.at("learners").at(0).at("learner_count"), 1);
    EXPECT_EQ(now.at("learners").at(1).at("tp"), 3);
    auto cli = runCommand(hm + "teaching results " + p + " --json");
    ASSERT_EQ(cli.exitCode, 0) << cli.err;
    const json rows = json::parse(cli.out);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].at("submitted"), true);
    for (size_t i = 0; i < 2; ++i) {
        const json& w = now.at("learners").at(i);
        EXPECT_EQ(rows[i].at("learner"), w.at("learner"));
        for (const char* k : {"tp", "fp", "fn", "learner_count", "reference_count", "markers_agreed", "regions_found"})
            EXPECT_EQ(rows[i].at(k), w.at(k)) << w.at("learner") << " " << k;
    }
}

TEST(Quiz, AnExamPackHoldsNoAnswerTheLearnerHandsItBackAndTheEducatorScoresIt) {
    HM_REQUIRE_DISPLAY();
    const fs::path dir = tempDir("quiz-exam-pack");
    const fs::path project = dir / "teaching.hmproj", handout = dir / "handout", pack = dir / "moved" / "exam-sam.hmproj";
    fs::copy_file(kCaseDir / "teaching.hmproj", project, fs::copy_options::overwrite_existing);
    const std::string hm = quote(histomarkBinary()) + " ";
    // Packed with the slides copied under blinded names, then moved as a whole (a stick, a share).
    fs::create_directories(handout);
    auto packed = runCommand(hm + "teaching pack " + quote(project.string()) + " --out " + quote((handout / "exam-sam.hmproj").string()) +
                             " --copy-slides --json");
    ASSERT_EQ(packed.exitCode, 0) << packed.err;
    EXPECT_EQ(json::parse(packed.out).at("answers_included"), false);
    EXPECT_EQ(json::parse(packed.out).at("reference_figures"), 33);
    EXPECT_TRUE(fs::exists(handout / "exam-sam-slides" / "question-1-1.svs"));
    fs::rename(handout, dir / "moved");

    // In the pack, sam marks five of the box's figures and one stray, clicks in the box with the
    // vessel class, reads the desmin and submits.
    const json truth = demoTruth();
    const json& h = truth.at("hotspot");
    const double hx = h.at("x"), hy = h.at("y"), hw = h.at("width"), hh = h.at("height");
    std::vector<Point> inBox;
    for (const json& f : truth.at("mitoticFigures")) {
        const Point p{f.at("x"), f.at("y")};
        if (p.x >= hx && p.x < hx + hw && p.y >= hy && p.y < hy + hh) inBox.push_back(p);
    }
    ASSERT_GE(inBox.size(), 6u);
    std::string marks;
    for (size_t i = 0; i < 5; ++i) marks += "click-slide 0 " + std::to_string(inBox[i].x + 3) + " " + std::to_string(inBox[i].y) + "\n";
    const Point stray{hx + 30, hy + 30};
    marks += "click-slide 0 " + std::to_string(stray.x) + " " + std::to_string(stray.y) + "\nmark-class vessel\nclick-slide 0 " +
             std::to_string(hx + hw - 30) + " " + std::to_string(hy + hh - 30) + "\nmark-class mitotic_figure\n";
    const fs::path before = dir / "before.json";
    const std::string body = "open-project " + pack.string() + "\nwait-idle 180\nselect-viewer 0\ncenter " + std::to_string(hx + hw / 2) +
                             " " + std::to_string(hy + hh / 2) + "\nzoom 6x\nwait-idle 60\ntool point\n" + marks +
                             "record 1 positive 3 100 diffuse\nwait-idle 30\nreport " + before.string() +
                             "\nquiz-submit\nwait-idle 30\ntool navigate\nwait-frames 3\n";
    Shot s = screenshot("", body, "quiz-exam-pack", "--quiz sam", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;

    // Before: the question and its box are there, the vessel question is asked, no answer is.
    const json r1 = readJson(before);
    EXPECT_EQ(marksOf(r1).at("quiz").at("learner_marks"), 6);  // the figures; the vessel click is apart
    EXPECT_EQ(marksOf(r1).at("quiz").at("answer_in_project"), false);
    ASSERT_EQ(marksOf(r1).at("quiz").at("regions").size(), 1u);
    EXPECT_EQ(marksOf(r1).at("quiz").at("regions").at(0).at("class"), "vessel");
    EXPECT_EQ(marksOf(r1).at("by_reader").size(), 1u) << "the pack holds only the learner's marks";
    const std::string shown = r1.at("case").at("viewers").at(0).at("path");
    EXPECT_NE(shown.find("moved/exam-sam-slides/question-1-1.svs"), std::string::npos) << shown;
    // After: handed in and locked, but no score and no rings: there is nothing to score against.
    const json& q = marksOf(s.report).at("quiz");
    EXPECT_EQ(s.report.at("case").at("annotations").at("quiz").at("submitted"), true);
    EXPECT_FALSE(q.contains("tp"));
    EXPECT_FALSE(q.at("regions").at(0).contains("regions"));
    EXPECT_EQ(pixelsNear(s.image, onScreen(s.report, inBox[0]), 16, 60, 220, 90), 0) << "a found ring without an answer";
    EXPECT_EQ(pixelsNear(s.image, onScreen(s.report, stray), 16, 255, 150, 30), 0);
    EXPECT_GT(pixelsNear(s.image, onScreen(s.report, inBox[0]), 12, 252, 124, 167), 10) << "the learner's own mark is drawn";
    EXPECT_TRUE(s.report.at("case").at("markers").at("quiz_answers").empty());

    // The pack cannot score itself; the educator collects it and scores it as if sam had answered
    // in the project (collecting twice changes nothing).
    auto self = runCommand(hm + "teaching score " + quote(pack.string()) + " --learner sam");
    EXPECT_EQ(self.exitCode, 1);
    EXPECT_NE(self.err.find("holds no answers"), std::string::npos) << self.err;
    for (int round = 0; round < 2; ++round) {
        auto got = runCommand(hm + "teaching collect " + quote(project.string()) + " " + quote(pack.string()) + " --json");
        ASSERT_EQ(got.exitCode, 0) << got.err;
        const json c = json::parse(got.out);
        ASSERT_EQ(c.at(0).at("learners").size(), 1u);
        EXPECT_EQ(c.at(0).at("learners").at(0).at("learner"), "sam");
        EXPECT_EQ(c.at(0).at("learners").at(0).at("marks"), 7);
        EXPECT_EQ(c.at(0).at("learners").at(0).at("readings"), 1);
        EXPECT_EQ(c.at(0).at("learners").at(0).at("submissions"), 1);
    }
    auto scored = runCommand(hm + "teaching score " + quote(project.string()) + " --learner sam --json");
    ASSERT_EQ(scored.exitCode, 0) << scored.err;
    const json sc = json::parse(scored.out);
    EXPECT_EQ(sc.at("cases").at(0).at("submitted"), true);
    EXPECT_EQ(sc.at("tp"), 5);
    EXPECT_EQ(sc.at("fp"), 1);
    EXPECT_EQ(sc.at("cases").at(0).at("slides").at(0).at("learner_marks"), 6);
    EXPECT_EQ(sc.at("region_clicks"), 1);
    EXPECT_EQ(sc.at("marker_results_agreed"), 1);

    // The marked answer goes back to sam alone: a copy with the key and sam's work, which the
    // window scores as in the educator's project.
    const fs::path returned = dir / "returned-sam.hmproj";
    auto back = runCommand(hm + "teaching pack " + quote(project.string()) + " --out " + quote(returned.string()) +
                           " --with-answers --learner sam --json");
    ASSERT_EQ(back.exitCode, 0) << back.err;
    EXPECT_EQ(json::parse(back.out).at("learner_marks"), 7);
    EXPECT_EQ(json::parse(back.out).at("learner_submissions"), 1);
    Shot r = screenshot("", "open-project " + returned.string() + "\nwait-idle 180\nselect-viewer 0\ncenter " + std::to_string(hx + hw / 2) +
                                " " + std::to_string(hy + hh / 2) + "\nzoom 6x\nwait-idle 60\nwait-frames 3\n",
                        "quiz-exam-returned", "--quiz sam", "1600x1000");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json& rq = marksOf(r.report).at("quiz");
    EXPECT_EQ(rq.at("answer_in_project"), true);
    EXPECT_EQ(rq.at("tp"), 5);
    EXPECT_EQ(rq.at("fp"), 1);
    EXPECT_GT(pixelsNear(r.image, onScreen(r.report, inBox[0]), 16, 60, 220, 90), 10) << "the found figure's green ring";
    EXPECT_GT(pixelsNear(r.image, onScreen(r.report, stray), 16, 255, 150, 30), 10) << "the stray's orange ring";
}

TEST(Quiz, TheEducatorWritesALearnerCopyAndCollectsItBackInTheWindow) {
    HM_REQUIRE_DISPLAY();
    const fs::path dir = tempDir("quiz-pack-window");
    const fs::path project = dir / "teaching.hmproj", pack = dir / "exam-kim.hmproj", other = dir / "other.hmproj";
    fs::copy_file(kCaseDir / "teaching.hmproj", project, fs::copy_options::overwrite_existing);
    const std::string hm = quote(histomarkBinary()) + " ";
    ASSERT_EQ(runCommand(hm + "case create " + quote(other.string()) + " --accession S26-00001").exitCode, 0);
    const json truth = demoTruth();
    const json& h = truth.at("hotspot");
    const double hx = h.at("x"), hy = h.at("y"), hw = h.at("width"), hh = h.at("height");

    // Once the window has written the copy, kim answers in it from another process: two of the
    // box's figures, submitted.
    const fs::path written = dir / "written.json", refused = dir / "refused.json", go = dir / "kim-answered";
    const fs::path returned = dir / "returned-kim.hmproj";
    std::atomic<bool> windowClosed{false};
    std::thread kimAnswers([&] {
        while (!windowClosed && !fs::exists(written)) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (!fs::exists(written)) return;
        json features = json::array();
        for (const json& f : truth.at("mitoticFigures")) {
            const double x = f.at("x"), y = f.at("y");
            if (features.size() < 2 && x >= hx && x < hx + hw && y >= hy && y < hy + hh)
                features.push_back({{"type", "Feature"},
                                    {"geometry", {{"type", "Point"}, {"coordinates", {x + 2, y}}}},
                                    {"properties", {{"classification", {{"name", "Mitosis"}}}}}});
        }
        std::ofstream(dir / "kim.geojson") << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
        const std::string p = quote(pack.string());
        runCommand(hm + "marks import " + p + " " + quote((dir / "kim.geojson").string()) + " --case 'Question 1' --slide 1 --reader kim");
        runCommand(hm + "teaching submit " + p + " --case 'Question 1' --learner kim");
        std::ofstream(go) << "done\n";
    });
    Shot s = screenshot("",
                        "open-project " + project.string() + "\nopen-case QUIZ-001\nwait-idle 180\nteaching-results on\nteaching-pack " +
                            pack.string() + " exam - copy\nwait-idle 60\nwait-frames 3\nreport " + written.string() + "\nwait-file " + go.string() +
                            " 300\nteaching-collect " + other.string() + "\nwait-idle 60\nreport " + refused.string() +
                            "\nteaching-collect " + pack.string() + "\nwait-idle 120\nwait-frames 5\nreport " +
                            (dir / "collected.json").string() + "\nteaching-pack " + returned.string() + " answers kim\nwait-idle 60\n",
                        "quiz-pack-window", "", "1600x1000");
    windowClosed = true;
    kimAnswers.join();
    ASSERT_EQ(s.exitCode, 0) << s.err;

    const std::string wrote = readJson(written).at("case").at("teaching_results").at("pack_status");
    EXPECT_NE(wrote.find("without the answers"), std::string::npos) << wrote;
    EXPECT_NE(wrote.find("the slides copied to"), std::string::npos) << wrote;
    EXPECT_TRUE(fs::exists(dir / "exam-kim-slides" / "question-1-1.svs"));
    auto listed = runCommand(hm + "teaching list " + quote(pack.string()) + " --json");
    ASSERT_EQ(listed.exitCode, 0) << listed.err;
    EXPECT_EQ(json::parse(listed.out).at(0).at("case"), "Question 1");
    const std::string no = readJson(refused).at("case").at("teaching_results").at("pack_status");
    EXPECT_NE(no.find("not a teaching pack"), std::string::npos) << no;

    // Collected: kim's answer is in the table, scored against the answer key of this project; then
    // kim's marked answer is returned (Return... on kim's row), which scores itself the same.
    const std::string collected = readJson(dir / "collected.json").at("case").at("teaching_results").at("pack_status");
    EXPECT_NE(collected.find("kim (2 marks, 1 submitted)"), std::string::npos) << collected;
    const json& t = s.report.at("case").at("teaching_results");
    EXPECT_NE(t.at("pack_status").get<std::string>().find("kim's marked answer (2 marks, 1 question(s) submitted)"), std::string::npos)
        << t.dump();
    auto kimsCopy = runCommand(hm + "teaching score " + quote(returned.string()) + " --learner kim --json");
    ASSERT_EQ(kimsCopy.exitCode, 0) << kimsCopy.err;
    EXPECT_EQ(json::parse(kimsCopy.out).at("tp"), 2);
    ASSERT_EQ(t.at("learners").size(), 1u) << t.dump();
    EXPECT_EQ(t.at("learners").at(0).at("learner"), "kim");
    EXPECT_EQ(t.at("learners").at(0).at("submitted"), true);
    EXPECT_EQ(t.at("learners").at(0).at("tp"), 2);
    EXPECT_EQ(t.at("learners").at(0).at("fp"), 0);
}

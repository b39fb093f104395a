// SPDX-License-Identifier: MIT
#pragma once
// Internal to the analysis layer: the registration pipeline shared by registerImages and
// registerSlides, after the scales have been resolved.
#include "analysis/registration.h"

namespace histomark::analysis::detail {

// Maps a pipeline stage's own 0..1 onto [from, to] of the job's progress; false when cancelled.
class Progress {
public:
    Progress(core::JobControl* job, double from, double to) : m_job(job), m_from(from), m_to(to) {}
    bool at(double fraction) const {
        if (!m_job) return true;
        if (m_job->cancelled()) return false;
        m_job->setProgress(m_from + (m_to - m_from) * fraction);
        return true;
    }
    core::JobControl* job() const { return m_job; }
    Progress sub(double from, double to) const {
        return {m_job, m_from + (m_to - m_from) * from, m_from + (m_to - m_from) * to};
    }

private:
    core::JobControl* m_job;
    double m_from, m_to;
};

// Settles the two scales (µm per px; <= 0 or not finite = unknown): an unknown one takes the
// other's, both unknown become 1 (pixels); each assumption adds a note naming `noun` ("image",
// "slide"). Returns whether both were known.
bool resolveScales(double& fixedUm, double& movingUm, const char* noun, std::vector<std::string>& notes);

// Both scales known (> 0) here; `scaleKnown` false when one was assumed, so the pipeline also
// tries the scale that makes the two tissue areas equal. Notes already made are kept.
core::Result<RegistrationResult> registerResolved(const cv::Mat& fixedRgb, double fixedUmPerPx, const cv::Mat& movingRgb,
                                                  double movingUmPerPx, bool scaleKnown, const RegistrationOptions& options,
                                                  const Progress& progress, std::vector<std::string> notes);

}  // namespace histomark::analysis::detail

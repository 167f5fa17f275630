// The report of a published release: its content assembled from the protected tables (routes and roles
// from the origin × destination table, frameworks from the side-by-side tables), the TIP tiers and role
// labels of the countries, the estimate of the hidden total, the traced claims and the batches counted;
// written as report.html (and report.pdf through headless Chromium).
#pragma once

#include <string>
#include <vector>

#include "pipeline/publish_release.h"
#include "pipeline/workspace.h"
#include "publish/report.h"

namespace clearpoint::pipeline {

publish::ReportContent report_content(const Workspace& workspace, const PublishOutcome& outcome,
                                      const PublishSettings& settings);

// Writes report.html (and report.pdf when settings.pdf) into settings.out_dir; returns the paths.
// Throws core::UserError when no Chromium is installed for the PDF.
std::vector<std::string> write_report(const publish::ReportContent& report, const PublishSettings& settings,
                                      const std::vector<std::string>& protected_paths);

// Checks the claims the release's report names before anything is counted.
void check_report_claims(const Workspace& workspace, const publish::ReleaseDefinition& release);

}  // namespace clearpoint::pipeline

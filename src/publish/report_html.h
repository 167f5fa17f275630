// Report page: a ReportContent as one self-contained HTML file — no script, no font, no image or style
// from anywhere else, so it opens without a network and prints as it reads (print styles, page breaks
// before each section). Charts are inline SVG drawn here: bars of each table's first variable, the routes
// as a Sankey diagram, the frameworks as stacked bars, the estimates as intervals on one axis. A withheld
// count is shown as "c" and never drawn; every table says its unit, period, definition and source.
#pragma once

#include <string>

#include "publish/report.h"

namespace clearpoint::publish {

std::string render_report_html(const ReportContent& report);

// Text made safe inside HTML elements and attribute values.
std::string html_escape(std::string_view text);

}  // namespace clearpoint::publish

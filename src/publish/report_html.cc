#include "publish/report_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace clearpoint::publish {

namespace {

constexpr std::string_view kTotal = "Total";

// With thousands separated, as the report's readers expect (12,396).
std::string number(std::int64_t n) {
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (n < 0) out.push_back('-');
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string number(double x) {
  return number(static_cast<std::int64_t>(std::llround(x)));
}

std::string count_html(const PublishedCount& n) {
  return n ? number(*n) : R"~(<span class="c" title="withheld (disclosure control)">c</span>)~";
}

std::string e(std::string_view text) {
  return html_escape(text);
}

constexpr std::string_view kStyle = R"(
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:2px solid #345;padding-bottom:.2rem;margin-top:2.2rem}
h3{font-size:1.05rem;margin-bottom:.3rem}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.85rem}
th,td{border:1px solid #bbb;padding:.15rem .45rem;text-align:right}th{background:#eef1f5}
td.l,th.l{text-align:left}tr.total td{font-weight:bold;background:#f6f6f6}
.c{color:#a33;font-style:italic}.caption{font-size:.82rem;color:#555;margin:.1rem 0 .4rem}
.flag{background:#fff4e0;border-left:4px solid #e0a000;padding:.3rem .6rem;margin:.3rem 0;font-size:.88rem}
.wide{overflow-x:auto}.meta td{text-align:left}.small{font-size:.8rem;color:#555}svg{max-width:100%;height:auto}
@media print{body{max-width:none;margin:0}h2{page-break-before:always}table,svg{page-break-inside:avoid}}
)";

// Horizontal bars of a table's first variable (its margin over the others), withheld bars left out.
std::string bar_chart(const ReportTable& table) {
  std::vector<std::pair<std::string, PublishedCount>> bars;
  for (std::size_t i = 0; i < table.cells.size(); ++i) {
    const auto& categories = table.cells[i].categories;
    if (categories.front() == kTotal) continue;
    if (!std::all_of(categories.begin() + 1, categories.end(),
                     [](const std::string& c) { return c == kTotal; }))
      continue;
    bars.emplace_back(categories.front(), table.status[i] == CellStatus::kPublished
                                              ? PublishedCount(table.cells[i].value)
                                              : std::nullopt);
  }
  if (bars.empty() || bars.size() > 40) return "";
  std::int64_t top = 1;
  for (const auto& [label, n] : bars) top = std::max(top, n.value_or(0));
  const int row = 16, left = 150, width = 420;
  std::string svg =
      fmt::format(R"(<svg role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}">)",
                  e(table.title), left + width + 70, static_cast<int>(bars.size()) * row + 4,
                  left + width + 70, static_cast<int>(bars.size()) * row + 4);
  for (std::size_t b = 0; b < bars.size(); ++b) {
    const int y = static_cast<int>(b) * row + 2;
    svg += fmt::format(R"(<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>)", left - 6, y + 11,
                       e(bars[b].first));
    if (bars[b].second) {
      const double w = static_cast<double>(*bars[b].second) / static_cast<double>(top) * width;
      svg += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="#4a6f94"/>)", left, y, w,
                         row - 4);
      svg += fmt::format(R"(<text x="{:.1f}" y="{}" font-size="10">{}</text>)", left + w + 4, y + 11,
                         number(*bars[b].second));
    } else {
      svg += fmt::format(R"(<text x="{}" y="{}" font-size="10" fill="#a33" font-style="italic">c</text>)",
                         left + 4, y + 11);
    }
  }
  return svg + "</svg>";
}

// The cells of a table: two variables as rows × columns with their margins; others as a list.
std::string table_html(const ReportTable& table) {
  std::string html;
  const auto cell = [&](std::size_t i) {
    return count_html(table.status[i] == CellStatus::kPublished ? PublishedCount(table.cells[i].value)
                                                                : std::nullopt);
  };
  if (table.variables.size() == 2) {
    std::vector<std::string> rows, columns;
    std::map<std::pair<std::string, std::string>, std::size_t> at;
    for (std::size_t i = 0; i < table.cells.size(); ++i) {
      const auto& c = table.cells[i].categories;
      if (std::find(rows.begin(), rows.end(), c[0]) == rows.end()) rows.push_back(c[0]);
      if (std::find(columns.begin(), columns.end(), c[1]) == columns.end()) columns.push_back(c[1]);
      at[{c[0], c[1]}] = i;
    }
    html +=
        fmt::format(R"(<table><tr><th class="l">{} \ {}</th>)", e(table.variables[0]), e(table.variables[1]));
    for (const auto& c : columns) html += fmt::format("<th>{}</th>", e(c));
    html += "</tr>";
    for (const auto& r : rows) {
      html += fmt::format(R"(<tr{}><td class="l">{}</td>)", r == kTotal ? R"( class="total")" : "", e(r));
      for (const auto& c : columns) html += "<td>" + cell(at.at({r, c})) + "</td>";
      html += "</tr>";
    }
    return html + "</table>";
  }
  html += "<table><tr>";
  for (const auto& v : table.variables) html += fmt::format(R"(<th class="l">{}</th>)", e(v));
  html += "<th>count</th></tr>";
  for (std::size_t i = 0; i < table.cells.size(); ++i) {
    html += "<tr>";
    for (const auto& c : table.cells[i].categories) html += fmt::format(R"(<td class="l">{}</td>)", e(c));
    html += "<td>" + cell(i) + "</td></tr>";
  }
  return html + "</table>";
}

// Origins on the left, destinations on the right, each flow a band as wide as its count.
std::string sankey(const std::vector<RouteFlow>& flows) {
  if (flows.empty()) return "";
  std::map<std::string, std::int64_t> out, in;
  std::int64_t total = 0;
  for (const auto& f : flows) {
    out[f.from] += f.count;
    in[f.to] += f.count;
    total += f.count;
  }
  const auto order = [](const std::map<std::string, std::int64_t>& side) {
    std::vector<std::pair<std::string, std::int64_t>> v(side.begin(), side.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return v;
  };
  const auto left = order(out), right = order(in);
  // A node is at least one label high, so small ones stay legible.
  const double height = 460, gap = 6, x0 = 120, x1 = 520, bar = 14, kLabel = 11;
  const auto scale = [&](std::size_t nodes) {
    return (height - (gap + kLabel) * static_cast<double>(nodes)) / static_cast<double>(total);
  };
  const double k = std::min(scale(left.size()), scale(right.size()));
  std::map<std::string, double> left_y, right_y;
  std::string svg = fmt::format(
      R"(<svg role="img" aria-label="routes" viewBox="0 0 {0} {1}" width="{0}" height="{1}">)", 660,
      static_cast<int>(height) + 10);  // the labels' room is taken out of the scale above
  double y = 4;
  for (const auto& [name, n] : left) {
    left_y[name] = y;
    svg += fmt::format(R"(<rect x="{}" y="{:.1f}" width="{}" height="{:.1f}" fill="#345"/>)", x0 - bar, y,
                       bar, static_cast<double>(n) * k);
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" font-size="11" text-anchor="end">{} {}</text>)",
                       x0 - bar - 4, y + static_cast<double>(n) * k / 2 + 4, e(name), number(n));
    y += std::max(static_cast<double>(n) * k, kLabel) + gap;
  }
  y = 4;
  for (const auto& [name, n] : right) {
    right_y[name] = y;
    svg += fmt::format(R"(<rect x="{}" y="{:.1f}" width="{}" height="{:.1f}" fill="#345"/>)", x1, y, bar,
                       static_cast<double>(n) * k);
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" font-size="11">{} {}</text>)", x1 + bar + 4,
                       y + static_cast<double>(n) * k / 2 + 4, e(name), number(n));
    y += std::max(static_cast<double>(n) * k, kLabel) + gap;
  }
  auto sorted = flows;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  for (const auto& f : sorted) {
    const double w = static_cast<double>(f.count) * k;
    const double ya = left_y[f.from] + w / 2, yb = right_y[f.to] + w / 2;
    left_y[f.from] += w;
    right_y[f.to] += w;
    const double mid = (x0 + x1) / 2;
    svg += fmt::format(
        R"(<path d="M{} {:.1f} C{} {:.1f} {} {:.1f} {} {:.1f}" stroke="#4a6f94" stroke-opacity="0.45" )"
        R"(stroke-width="{:.2f}" fill="none"><title>{} → {}: {}</title></path>)",
        x0, ya, mid, ya, mid, yb, x1, yb, std::max(w, 0.5), e(f.from), e(f.to), number(f.count));
  }
  return svg + "</svg>";
}

// One stacked bar per framework: qualifies, does not, undetermined.
std::string framework_bars(const std::vector<FrameworkRow>& rows) {
  const int row = 20, left = 230, width = 400;
  std::string svg =
      fmt::format(R"(<svg role="img" aria-label="frameworks" viewBox="0 0 {} {}" width="{}" height="{}">)",
                  left + width + 10, static_cast<int>(rows.size()) * row + 24, left + width + 10,
                  static_cast<int>(rows.size()) * row + 24);
  constexpr std::string_view colours[] = {"#2f7d4a", "#b84a3a", "#c9b458"};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const int y = static_cast<int>(r) * row + 2;
    svg += fmt::format(R"(<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>)", left - 6, y + 13,
                       e(rows[r].id));
    const PublishedCount parts[] = {rows[r].qualifies, rows[r].does_not, rows[r].undetermined};
    if (!parts[0] || !parts[1] || !parts[2]) {
      svg += fmt::format(
          R"(<text x="{}" y="{}" font-size="10" fill="#a33">a part withheld: see the table</text>)", left + 4,
          y + 13);
      continue;
    }
    const double sum = static_cast<double>(*parts[0] + *parts[1] + *parts[2]);
    double x = left;
    for (int p = 0; p < 3; ++p) {
      const double w = sum > 0 ? static_cast<double>(*parts[p]) / sum * width : 0;
      svg += fmt::format(R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}"/>)", x, y, w,
                         row - 5, colours[p]);
      x += w;
    }
  }
  const int y = static_cast<int>(rows.size()) * row + 16;
  constexpr std::string_view names[] = {"qualifies", "does not qualify", "undetermined"};
  for (int p = 0; p < 3; ++p)
    svg += fmt::format(
        R"(<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" font-size="11">{}</text>)",
        left + p * 130, y - 9, colours[p], left + p * 130 + 14, y, names[p]);
  return svg + "</svg>";
}

// Every method's interval on one axis, the estimate a dot, the persons found a dashed line.
std::string interval_chart(const ReportEstimate& estimate) {
  std::vector<const EstimateLine*> lines;
  double top = estimate.observed;
  for (const auto& l : estimate.lines) {
    if (!l.ok) continue;
    lines.push_back(&l);
    top = std::max(top, l.upper);
  }
  if (lines.empty() || top <= 0) return "";
  const int row = 22, left = 230, width = 380;
  const auto x = [&](double v) { return left + v / top * width; };
  std::string svg =
      fmt::format(R"(<svg role="img" aria-label="estimates" viewBox="0 0 {} {}" width="{}" height="{}">)",
                  left + width + 60, static_cast<int>(lines.size()) * row + 30, left + width + 60,
                  static_cast<int>(lines.size()) * row + 30);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = *lines[i];
    const int y = static_cast<int>(i) * row + 12;
    svg += fmt::format(R"(<text x="{}" y="{}" font-size="11" text-anchor="end"{}>{}</text>)", left - 6, y + 4,
                       l.chosen ? R"( font-weight="bold")" : "", e(l.method));
    svg += fmt::format(R"(<line x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{}" stroke="#345" stroke-width="3"/>)",
                       x(l.lower), y, x(l.upper), y);
    svg += fmt::format(
        R"(<circle cx="{:.1f}" cy="{}" r="4" fill="#b84a3a"><title>{}: {} ({}–{})</title></circle>)",
        x(l.estimate), y, e(l.method), number(l.estimate), number(l.lower), number(l.upper));
  }
  const int bottom = static_cast<int>(lines.size()) * row + 6;
  svg +=
      fmt::format(R"(<line x1="{0:.1f}" y1="0" x2="{0:.1f}" y2="{1}" stroke="#888" stroke-dasharray="4 3"/>)",
                  x(estimate.observed), bottom);
  svg += fmt::format(R"(<text x="{:.1f}" y="{}" font-size="10" fill="#555">found on the lists: {}</text>)",
                     x(estimate.observed), bottom + 14, number(estimate.observed));
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="10" fill="#555" text-anchor="end">{}</text>)",
                     left + width, bottom + 14, number(top));
  return svg + "</svg>";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_report_html(const ReportContent& r) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
       "'unsafe-inline'\">";
  h += fmt::format("<title>{}</title><style>{}</style></head><body>\n", e(r.title), kStyle);
  h += fmt::format("<h1>{}</h1>\n", e(r.title));
  h += fmt::format(
      R"(<p class="caption">Release <b>{}</b> · unit: {} · years of identification {} · {} · written {} by clearpoint {}</p>)",
      e(r.release_id), e(r.unit), e(r.period), e(r.who_counts), e(r.generated_at), e(r.version));
  h += "\n<h2>In brief</h2>\n<table class=\"meta\">";
  h += fmt::format(R"(<tr><td>counted</td><td><b>{}</b> {} — {}</td></tr>)", number(r.counted), e(r.unit),
                   e(r.unit_definition));
  if (!r.framework.empty()) {
    h += fmt::format(
        R"(<tr><td>not counted under the definition</td><td>{} do not qualify, {} undetermined (the records do not say enough to decide; never counted as "no")</td></tr>)",
        count_html(r.not_qualifying), count_html(r.undetermined));
  }
  h += fmt::format(R"(<tr><td>identified outside the years</td><td>{}</td></tr>)",
                   count_html(r.outside_years));
  if (r.rounding_base > 0) {
    h += fmt::format(
        R"(<tr><td>disclosure control</td><td>controlled rounding: every count of the {} cells in {} tables is a multiple of {}, next to the true count, and every table adds up; a count from 1 to {} is published as 0 or {}; for anyone holding every published number, no small count lies in an interval narrower than rounding alone leaves ({} linear programmes)</td></tr>)",
        number(r.cells), r.tables.size(), r.rounding_base, r.rounding_base - 1, r.rounding_base,
        number(r.lp_solves));
  } else {
    h += fmt::format(
        R"(<tr><td>disclosure control</td><td>{} cells in {} tables; {} counts from 1 to {} withheld, {} more withheld so that none can be recomputed ({} {} in them); every withheld small count proven to lie in an interval at least {} wide for anyone holding every published number ({} linear programmes)</td></tr>)",
        number(r.cells), r.tables.size(), r.primary, r.threshold - 1, r.secondary, number(r.lost), e(r.unit),
        r.protection, number(r.lp_solves));
  }
  if (!r.protected_with.empty())
    h += fmt::format(R"(<tr><td>earlier releases</td><td>protected together with {}</td></tr>)",
                     e(fmt::format("{}", fmt::join(r.protected_with, "; "))));
  if (!r.not_modelled.empty())
    h += fmt::format(
        R"(<tr><td>earlier releases of other data</td><td>{}: differencing with them is not checked</td></tr>)",
        e(fmt::format("{}", fmt::join(r.not_modelled, "; "))));
  h += fmt::format(
      R"(<tr><td>source</td><td>the store's active batches and linkage run <code>{}</code> (listed under Sources); release file {}</td></tr></table>)",
      e(r.data_state), e(r.release_file_hash));
  h +=
      R"(<p class="small">A <span class="c">c</span> is a withheld count (Eurostat's flag for confidential). "unknown" is a category of its own in every table: nothing is dropped, and the tables add up to their totals.</p>)";

  h += "\n<h2>Tables</h2>\n";
  for (const auto& t : r.tables) {
    h += fmt::format(R"(<h3 id="{}">{}</h3>)", e(t.id), e(t.title));
    h += fmt::format(R"(<p class="caption">{} · identified {} · {} · table <code>{}</code>, file {}.csv</p>)",
                     e(r.unit), e(r.period), e(r.who_counts), e(t.id), e(t.id));
    h += bar_chart(t);
    h += R"(<div class="wide">)" + table_html(t) + "</div>";
  }
  if (!r.variable_definitions.empty()) {
    h += "<h3>What the variables mean</h3><table class=\"meta\">";
    for (const auto& [name, meaning] : r.variable_definitions)
      h += fmt::format("<tr><td><code>{}</code></td><td>{}</td></tr>", e(name), e(meaning));
    h += "</table>";
  }

  if (!r.routes_table.empty()) {
    h += "\n<h2>Routes</h2>\n";
    h += fmt::format(
        R"(<p class="caption">{} by country of origin (left) and of destination (right), from table <a href="#{}">{}</a>; {} cells of it withheld are not drawn.</p>)",
        e(r.unit), e(r.routes_table), e(r.routes_table), r.routes_withheld);
    h += sankey(r.routes);
    h += "<h3>Countries' roles beside the US TIP Report</h3>";
    h +=
        R"(<p class="caption">Persons with the country as origin and as destination (the routes table's margins) beside the tiers and role labels published for the country in the same years. The data measure the agencies' identifications, not prevalence.</p>)";
    h +=
        R"(<table><tr><th class="l">country</th><th>as origin</th><th>as destination</th><th class="l">TIP tiers (report year: tier)</th><th class="l">published role label</th></tr>)";
    for (const auto& row : r.roles)
      h += fmt::format(
          R"(<tr><td class="l">{} {}</td><td>{}</td><td>{}</td><td class="l">{}</td><td class="l">{}</td></tr>)",
          e(row.country), e(row.name), count_html(row.as_origin), count_html(row.as_destination),
          e(row.tiers), e(row.label));
    h += "</table>";
  }

  if (!r.reference_framework.empty()) {
    h += "\n<h2>The legal frameworks side by side</h2>\n";
    h += fmt::format(
        R"(<p class="caption">{} identified {}, whatever their verdict, judged under every framework clearpoint holds (a person qualifies when one of her records does; undetermined when none qualifies and one lacks a decisive fact). Disagreements are counted against <b>{}</b>, only definite verdicts: "undetermined" is never read as "no".</p>)",
        e(r.unit), e(r.period), e(r.reference_framework));
    if (!r.frameworks_crossed)
      h +=
          R"(<p class="flag">The reference framework's own counts are small enough to be withheld, so the disagreements are not published (the tables could be combined through them).</p>)";
    h += framework_bars(r.frameworks);
    h += fmt::format(
        R"(<table><tr><th class="l">framework</th><th>qualifies</th><th>does not</th><th>undetermined</th><th>qualifies under {} only</th><th>qualifies under this only</th></tr>)",
        e(r.reference_framework));
    for (const auto& f : r.frameworks)
      h += fmt::format(
          R"(<tr><td class="l"><code>{}</code> {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>)",
          e(f.id), e(f.name), count_html(f.qualifies), count_html(f.does_not), count_html(f.undetermined),
          f.id == r.reference_framework ? "" : count_html(f.only_reference),
          f.id == r.reference_framework ? "" : count_html(f.only_this));
    h += "</table>";
  }

  if (r.estimate || !r.estimate_problem.empty()) {
    h += "\n<h2>The hidden total</h2>\n";
    if (!r.estimate) {
      h += fmt::format(R"(<p class="flag">No estimate: {}</p>)", e(r.estimate_problem));
    } else {
      const auto& est = *r.estimate;
      const auto chosen =
          std::find_if(est.lines.begin(), est.lines.end(), [](const auto& l) { return l.chosen; });
      if (chosen != est.lines.end() && chosen->ok)
        h += fmt::format(
            R"(<p>Persons identified or not, all years, from the overlap of the agencies' lists: <b>{}</b> ({}: {}–{}), by {}. Found on the lists: {}.</p>)",
            number(chosen->estimate), e(chosen->interval_kind), number(chosen->lower), number(chosen->upper),
            e(chosen->method), number(est.observed));
      h += interval_chart(est);
      h +=
          R"(<table><tr><th class="l">method</th><th>estimate</th><th>interval</th><th class="l">the interval is</th><th class="l">it assumes</th></tr>)";
      for (const auto& l : est.lines) {
        if (l.ok) {
          h += fmt::format(
              R"(<tr><td class="l">{}{}</td><td>{}</td><td>{}–{}</td><td class="l">{}</td><td class="l">{}</td></tr>)",
              e(l.method), l.chosen ? " (chosen)" : "", number(l.estimate), number(l.lower), number(l.upper),
              e(l.interval_kind), e(l.assumes));
        } else {
          h +=
              fmt::format(R"(<tr><td class="l">{}</td><td colspan="4" class="l">not estimable: {}</td></tr>)",
                          e(l.method), e(l.problem));
        }
      }
      h += "</table>";
      for (const auto& flag : est.flags) h += fmt::format(R"(<p class="flag">{}</p>)", e(flag));
      h += fmt::format(
          R"(<p class="small">Seed {}; the interval's spread across methods is the uncertainty a reader should quote, not one method's interval alone.</p>)",
          est.seed);
    }
  }

  if (!r.claims.empty()) {
    h += "\n<h2>Published figures and where they came from</h2>\n";
    for (const auto& [id, lines] : r.claims) {
      h += fmt::format("<h3><code>{}</code></h3><ul>", e(id));
      for (const auto& line : lines) {
        h += fmt::format(R"(<li style="margin-left:{}rem">{})", line.depth * 1.2, e(line.text));
        for (const auto& flag : line.flags) h += fmt::format(R"(<div class="flag">{}</div>)", e(flag));
        h += "</li>";
      }
      h += "</ul>";
    }
  }

  h += "\n<h2>Methods</h2>\n";
  for (const auto& [heading, text] : r.methods) h += fmt::format("<h3>{}</h3><p>{}</p>", e(heading), e(text));

  h += "\n<h2>Sources</h2>\n";
  h +=
      R"(<p class="caption">The batches counted: each agency's list as submitted (records, not persons).</p>)";
  h +=
      R"(<table><tr><th>batch</th><th class="l">agency</th><th class="l">list</th><th>records</th><th class="l">imported</th><th class="l">content hash</th></tr>)";
  for (const auto& b : r.sources)
    h += fmt::format(
        R"(<tr><td>#{}</td><td class="l">{}</td><td class="l">{}</td><td>{}</td><td class="l">{}</td><td class="l"><code>{}</code></td></tr>)",
        b.id, e(b.agency), e(b.list), number(b.records), e(b.imported_at), e(b.content_hash.substr(0, 16)));
  h += "</table>\n</body></html>\n";
  return h;
}

}  // namespace clearpoint::publish

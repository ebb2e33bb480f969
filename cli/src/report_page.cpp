// The report page from typed values: cards, groups, errors, and the per-photo data the
// larger view reads. Everything the page needs is in the one file.
#include "report_page.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "option_checks.hpp"
#include "path_text.hpp"

namespace versus::cli {
namespace {

// Text and attribute values: the five characters HTML gives meaning to.
std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Paths are bytes; the page is UTF-8 (path_text.hpp: bad bytes shown as \xHH).
std::string PathHtml(const std::string& path) { return Escape(PathText(path)); }
std::string NameHtml(const std::string& path) {
  return Escape(PathText(std::filesystem::path(path).filename().string()));
}

std::string Fixed(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

// "★★★☆☆ 3/5": the number says it without the glyphs' colour or shape.
std::string StarsHtml(int stars) {
  std::string glyphs;
  for (int s = 1; s <= 5; ++s) glyphs += s <= stars ? "\u2605" : "\u2606";
  return "<span class=\"stars\" title=\"" + std::to_string(stars) + " of 5 stars\">" + glyphs +
         " <span class=\"n\">" + std::to_string(stars) + "/5</span></span>";
}

std::string DimensionsHtml(const ReportPage& page, const ReportPhoto& photo) {
  std::string html = "<ul class=\"dims\">";
  for (std::size_t d = 0; d < page.dimension_names.size() && d < photo.dimensions.size(); ++d) {
    const std::string value = std::to_string(photo.dimensions[d]);
    html += "<li><span class=\"dn\">" + Escape(page.dimension_names[d]) + "</span><span class=\"bar\"><span style=\"width:" +
            value + "%\"></span></span><span class=\"dv\">" + value + "</span></li>";
  }
  return html + "</ul>";
}

// A card's picture names its thumbnail (data-t, an index into #thumbs) and has no src:
// the script gives it one when the card comes near the viewport, so the thumbnails' bytes
// stay out of the DOM the browser parses and lays out. Grid and group card share it.
std::string PictureHtml(const ReportPhoto& photo, std::size_t index) {
  if (photo.thumbnail == nullptr) return "<span class=\"nothumb\">no preview</span>";
  return "<img alt=\"\" decoding=\"async\" width=\"" + std::to_string(photo.thumbnail->width) + "\" height=\"" +
         std::to_string(photo.thumbnail->height) + "\" data-t=\"" + std::to_string(index) + "\">";
}

std::string CardHtml(const ReportPage& page, std::size_t index, bool in_group, bool keep) {
  const ReportPhoto& photo = page.photos[index];
  std::string html = "<article class=\"card\" data-rank=\"" + std::to_string(photo.rank) + "\" data-stars=\"" +
                     std::to_string(photo.stars) + "\" data-photo=\"" + std::to_string(index) + "\"";
  if (keep) html += " data-keep=\"true\"";
  for (std::size_t d = 0; d < page.dimension_names.size() && d < photo.dimensions.size(); ++d) {
    html += " data-d-" + Escape(page.dimension_names[d]) + "=\"" + std::to_string(photo.dimensions[d]) + "\"";
  }
  html += "><button class=\"thumb\" type=\"button\" title=\"larger view and measures\">" +
          PictureHtml(photo, index) + "</button>";
  html += "<p class=\"head\"><b class=\"rank\">#" + std::to_string(photo.rank) + "</b> " + StarsHtml(photo.stars);
  if (keep) html += " <b class=\"keep\">KEEP</b>";
  if (!in_group && photo.group != 0) {
    html += " <a class=\"grp\" href=\"#g" + std::to_string(photo.group) + "\">group " + std::to_string(photo.group) + "</a>";
  }
  html += "</p><p class=\"score\">score " + Fixed(photo.score) + " <span class=\"ci\">[" + Fixed(photo.ci_low) + ", " +
          Fixed(photo.ci_high) + "]</span></p>";
  html += "<p class=\"name\" title=\"" + PathHtml(photo.image->path) + "\">" + NameHtml(photo.image->path) + "</p>";
  return html + DimensionsHtml(page, photo) + "</article>";
}

std::string GroupHtml(const ReportPage& page, const ReportGroup& group) {
  const std::string number = std::to_string(group.number);
  std::string html = "<section class=\"group\" id=\"g" + number + "\" data-group=\"" + number + "\"><h3>Group " + number +
                     " \u00b7 " + Escape(group.how) + " \u00b7 " + std::to_string(group.members.size()) + " photos";
  if (group.span_seconds > 0) html += " over " + OptionValueText(std::round(group.span_seconds * 10) / 10) + " s";
  html += "</h3><p class=\"reason\"><b>Kept " + NameHtml(page.photos[group.members.front()].image->path) + "</b>: " +
          Escape(PathText(group.reason)) + "</p><div class=\"members\">";
  for (std::size_t k = 0; k < group.members.size(); ++k) html += CardHtml(page, group.members[k], true, k < group.keep);
  return html + "</div></section>";
}

std::string ErrorsHtml(const ReportPage& page) {
  std::string html = "<section id=\"errors-section\"><h2>Errors (" + std::to_string(page.errors.size()) + ")</h2>";
  if (page.errors.empty()) return html + "<p>Every file was read.</p></section>";
  html += "<table class=\"errors\"><thead><tr><th>file</th><th>reason</th></tr></thead><tbody>";
  for (const engine::InputError& e : page.errors) {
    html += "<tr><td>" + PathHtml(e.path) + "</td><td>" + Escape(PathText(e.reason)) + "</td></tr>";
  }
  return html + "</tbody></table></section>";
}

std::string ControlsHtml(const ReportPage& page) {
  std::string html =
      "<form id=\"controls\" onsubmit=\"return false\"><fieldset><legend>Stars</legend>"
      "<input type=\"radio\" name=\"stars\" id=\"stars-0\" value=\"0\" checked><label for=\"stars-0\">all</label>";
  for (int s = 5; s >= 2; --s) {
    const std::string id = "stars-" + std::to_string(s);
    html += "<input type=\"radio\" name=\"stars\" id=\"" + id + "\" value=\"" + std::to_string(s) + "\"><label for=\"" + id +
            "\">" + std::string(s == 5 ? "5 only" : std::to_string(s) + "+") + "</label>";
  }
  html += "</fieldset><label><input type=\"checkbox\" id=\"groups-only\"> groups only</label>"
          "<label>sort by <select id=\"sort\"><option value=\"rank\">rank</option>";
  for (const std::string& name : page.dimension_names) {
    html += "<option value=\"" + Escape(name) + "\">" + Escape(name) + "</option>";
  }
  return html + "</select></label><output id=\"shown\"></output></form>";
}

// What the larger view shows besides the card: each photo's measures, read by the script.
std::string PhotoDataJson(const ReportPage& page) {
  nlohmann::json doc{{"measures", nlohmann::json::array()}, {"photos", nlohmann::json::array()}};
  for (const engine::MeasureInfo& m : engine::MeasureTable()) {
    doc["measures"].push_back({{"name", std::string(m.name)},
                               {"dimension", std::string(engine::DimensionName(m.dimension))},
                               {"description", std::string(m.description)}});
  }
  for (const ReportPhoto& photo : page.photos) {
    doc["photos"].push_back({{"path", PathText(photo.image->path)},
                             {"size", std::to_string(photo.image->width) + "x" + std::to_string(photo.image->height)},
                             {"decoded_from", photo.image->decoded_from},
                             {"companions", PathTextArray(photo.image->companions)},
                             {"measures", photo.image->measures}});
  }
  std::string text = JsonText(doc, -1);
  // Inside <script>, "</" would end the element early.
  for (std::size_t at = text.find("</"); at != std::string::npos; at = text.find("</", at + 3)) text.insert(at + 1, "\\");
  return text;
}

// The thumbnails, photo by photo (best first): base64 of the WebP, or null. Base64 holds
// no "<", so it never ends the script element.
std::string ThumbnailsJson(const ReportPage& page) {
  std::string text = "[";
  for (std::size_t i = 0; i < page.photos.size(); ++i) {
    if (i > 0) text += ',';
    const Thumbnail* thumbnail = page.photos[i].thumbnail;
    text += thumbnail == nullptr ? "null" : "\"" + Base64(thumbnail->webp) + "\"";
  }
  return text + "]";
}

// What the scores and stars mean: the human scale with the judge's anchors, else the set.
std::string ScaleSentence(const ReportPage& page) {
  const std::string scores = page.anchors > 0 ? "Scores are on the human scale (mean opinion score 0-100, from " +
                                                    std::to_string(page.anchors) + " anchors); "
                                              : "Scores are log-odds relative to this set; ";
  return scores + (page.absolute_stars ? "stars by fixed cuts on that scale, the same in any folder."
                                       : "stars are fifths of this set.");
}

}  // namespace

std::string RenderReportPage(const ReportPage& page) {
  const std::string count = std::to_string(page.photos.size());
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                     "<title>versus report: " + count + " photos</title><style>" + kReportCss + "</style></head><body>";
  html += "<header><h1>versus report</h1><p class=\"summary\">" + count + " photos ranked best first by the " +
          Escape(page.judge) + " judge from " + std::to_string(page.comparisons) + " comparisons \u00b7 " +
          std::to_string(page.groups.size()) + " cull groups of 2+ photos \u00b7 " + std::to_string(page.errors.size()) +
          " errors \u00b7 " + std::to_string(page.skipped) + " non-image files skipped. " + ScaleSentence(page) +
          " Bars are percentiles within this set (100 = best).</p>" + ControlsHtml(page) +
          "<nav><a href=\"#ranking-section\">ranking</a> <a href=\"#groups-section\">groups</a> "
          "<a href=\"#errors-section\">errors</a></nav></header><main>";
  html += "<section id=\"ranking-section\"><h2>Ranking, best first</h2><div id=\"ranking\" class=\"grid\">";
  for (std::size_t i = 0; i < page.photos.size(); ++i) html += CardHtml(page, i, false, false);
  html += "</div></section><section id=\"groups-section\"><h2>Cull groups (" + std::to_string(page.groups.size()) +
          ")</h2><p>Bursts and near-duplicates as <code>versus cull</code> finds them, best first; the keeper is "
          "marked KEEP.</p>";
  for (const ReportGroup& group : page.groups) html += GroupHtml(page, group);
  if (page.groups.empty()) html += "<p>No photo has a near-duplicate.</p>";
  html += "</section>" + ErrorsHtml(page) + "</main>";
  html += "<dialog id=\"viewer\"><form method=\"dialog\"><button class=\"close\">close</button></form>"
          "<div class=\"view\"><img alt=\"\"><div class=\"info\"></div></div></dialog>";
  html += "<script type=\"application/json\" id=\"photo-data\">" + PhotoDataJson(page) + "</script>";
  html += "<script type=\"application/json\" id=\"thumbs\">" + ThumbnailsJson(page) + "</script>";
  return html + "<script>" + kReportScript + "</script></body></html>\n";
}

std::vector<std::vector<int>> DimensionPercentiles(const std::vector<engine::ImageProfile>& images,
                                                   const std::vector<engine::Dimension>& dimensions) {
  const std::size_t n = images.size();
  const auto& table = engine::MeasureTable();
  std::vector<std::vector<int>> percentiles(n, std::vector<int>(dimensions.size(), 50));
  for (std::size_t d = 0; d < dimensions.size(); ++d) {
    std::vector<double> value(n, 0.0);  // sum of the signed z-scores of the dimension's measures
    for (std::size_t m = 0; m < table.size(); ++m) {
      if (table[m].dimension != dimensions[d]) continue;
      double sum = 0, squares = 0, count = 0;
      for (const auto& image : images) {
        if (m >= image.measures.size() || !std::isfinite(image.measures[m])) continue;
        sum += image.measures[m], squares += image.measures[m] * image.measures[m], ++count;
      }
      if (count < 2) continue;
      const double mean = sum / count, sd = std::sqrt(std::max(0.0, squares / count - mean * mean));
      if (!(sd > 0)) continue;
      for (std::size_t i = 0; i < n; ++i) {
        const double x = m < images[i].measures.size() ? images[i].measures[m] : NAN;
        if (std::isfinite(x)) value[i] += table[m].direction * (x - mean) / sd;
      }
    }
    if (n < 2) continue;
    std::vector<double> sorted = value;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < n; ++i) {
      const auto [low, high] = std::equal_range(sorted.begin(), sorted.end(), value[i]);
      const double below = double(low - sorted.begin()), ties = double(high - low) - 1;
      percentiles[i][d] = int(std::lround(100.0 * (below + 0.5 * ties) / double(n - 1)));
    }
  }
  return percentiles;
}

}  // namespace versus::cli

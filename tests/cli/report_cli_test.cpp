// `versus report` end to end: the page is made from real photos (a burst of the horses
// shoot, Kodak photos, one broken file), then opened in headless Chromium, where a
// driver script (report_page_driver.js) clicks the controls and reads what is visible.
#include <gtest/gtest.h>

#include <regex>

#include "cli_test_support.hpp"

namespace versus::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kHorses = SharedData() / "bursts" / "horses-dev" / "images";
constexpr int kBurstFrames = 10;  // bursts D0000 (8 frames) and D0001 (2) of bursts.csv
const char* const kBurst[kBurstFrames] = {"rejected-18644.jpg", "rejected-18645.jpg", "rejected-18646.jpg",
                                          "rejected-18647.jpg", "rejected-18650.jpg", "rejected-18651.jpg",
                                          "rejected-18652.jpg", "rejected-18653.jpg", "rejected-18678.jpg",
                                          "rejected-18679.jpg"};
constexpr int kKodakPhotos = 5;
constexpr int kPhotos = kBurstFrames + kKodakPhotos;

struct Report {
  CommandResult run;
  fs::path page;
  fs::path broken;
};

Report MakeReport(const TempDir& dir, const std::string& extra_flags = "") {
  Report report{{}, dir / "report.html", dir / "broken.jpg"};
  WriteBytes(report.broken, "\xff\xd8\xff\xe0 not a whole JPEG");
  std::string command = Versus() + " report -o " + Quote(report.page) + " --judge features --jobs 2 " + extra_flags +
                        " " + Quote(report.broken);
  for (const char* name : kBurst) command += " " + Quote(kHorses / name);
  for (int k = 1; k <= kKodakPhotos; ++k) command += " " + Quote(KodakPhoto(k));
  report.run = RunCommand(command);
  return report;
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ReportCli, WritesOneOfflinePageWithEveryPhotoAndError) {
  TempDir dir;
  const Report report = MakeReport(dir);
  ASSERT_EQ(report.run.status, 2) << "one input is broken: " << report.run.err;
  const std::string html = ReadBytes(report.page);
  EXPECT_EQ(Count(html, "<div id=\"ranking\""), 1);
  const std::string grid = html.substr(html.find("id=\"ranking\""), html.find("id=\"groups-section\"") - html.find("id=\"ranking\""));
  EXPECT_EQ(Count(grid, "data-rank=\""), kPhotos);
  // Every photo has its thumbnail, embedded once as base64 in #thumbs; the cards' pictures
  // name it (data-t) and carry no bytes, so the DOM stays small (lazy pictures).
  EXPECT_EQ(Count(grid, "<img alt=\"\" decoding=\"async\""), kPhotos);
  EXPECT_EQ(Count(html, " src="), 0) << "no picture bytes in the DOM the browser parses";
  const auto thumbs_at = html.find("<script type=\"application/json\" id=\"thumbs\">");
  ASSERT_NE(thumbs_at, std::string::npos);
  const std::string thumbs_text = html.substr(html.find('>', thumbs_at) + 1);
  const nlohmann::json thumbs = nlohmann::json::parse(thumbs_text.substr(0, thumbs_text.find("</script>")));
  ASSERT_EQ(thumbs.size(), std::size_t(kPhotos));
  for (const auto& t : thumbs) {
    ASSERT_TRUE(t.is_string()) << "every photo has a thumbnail";
    // base64 of "RIFF" + size + "WEBP": bytes 0-3 and 9-11 ("EBP") fall on whole groups.
    EXPECT_EQ(t.get<std::string>().substr(0, 5), "UklGR") << "a RIFF file";
    EXPECT_EQ(t.get<std::string>().substr(12, 4), "RUJQ") << "a WebP file";
  }
  for (int rank = 1; rank <= kPhotos; ++rank) EXPECT_EQ(Count(grid, "data-rank=\"" + std::to_string(rank) + "\""), 1);
  EXPECT_EQ(Count(html, "http://") + Count(html, "https://"), 0) << "offline: nothing fetched from anywhere";
  EXPECT_EQ(Count(html, "<script src"), 0);
  const std::string errors = html.substr(html.find("id=\"errors-section\""));
  EXPECT_NE(errors.find(report.broken.string()), std::string::npos) << "the broken file is listed with its path";
  EXPECT_NE(report.run.err.find(report.broken.string()), std::string::npos);
  // The features judge ships anchors: scores on the human scale, stars by its fixed cuts.
  EXPECT_NE(html.find("Scores are on the human scale (mean opinion score 0-100, from 12 anchors); stars by fixed cuts"),
            std::string::npos);
}

TEST(ReportCli, RefusesWithoutOutput) {
  const CommandResult r = RunCommand(Versus() + " report " + Quote(KodakPhoto(1)));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("-o FILE"), std::string::npos) << r.err;
}

// What Chromium shows after the driver's clicks (see report_page_driver.js).
nlohmann::json BrowserView(const TempDir& dir, const fs::path& page) {
  const fs::path chromium = "/usr/bin/chromium";
  if (!fs::exists(chromium)) {
    ADD_FAILURE() << "Debian's chromium is not installed (./setup.sh installs it): the page was not tested in a browser";
    return {};
  }
  std::string html = ReadBytes(page);
  const std::string driver = ReadBytes(fs::path(VERSUS_SOURCE_DIR) / "tests" / "cli" / "report_page_driver.js");
  html.insert(html.rfind("</body>"), "<script>" + driver + "</script>");
  const fs::path driven = dir / "driven.html";
  WriteBytes(driven, html);
  const CommandResult r = RunCommand(
      "timeout 120 " + chromium.string() +
      " --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
      " --disable-sync --no-first-run --user-data-dir=" + Quote(dir / "profile") +
      " --window-size=800,500 --dump-dom " + Quote("file://" + driven.string()));
  std::smatch found;
  if (!std::regex_search(r.out, found, std::regex("<pre id=\"test-result\">([^<]*)</pre>"))) {
    ADD_FAILURE() << "the driver wrote no result (status " << r.status << "): " << r.err.substr(0, 2000);
    return {};
  }
  return nlohmann::json::parse(found[1].str());
}

TEST(ReportCli, ChromiumShowsRankingFilterGroupsAndViewer) {
  TempDir dir;
  // Relative stars: the filter test needs photos on both sides of 4 stars, which fifths
  // of the set guarantee (absolute stars of these frames need not).
  const Report report = MakeReport(dir, "--stars relative");
  ASSERT_EQ(report.run.status, 2) << report.run.err;
  const nlohmann::json view = BrowserView(dir, report.page);
  ASSERT_FALSE(view.is_null());
  ASSERT_FALSE(view.contains("error")) << view["error"];
  EXPECT_EQ(view["cards"], kPhotos) << view.dump();
  EXPECT_EQ(view["topLeftRank"], 1) << "the first card a person sees is the best photo";
  for (int i = 0; i < kPhotos; ++i) EXPECT_EQ(view["ranks"][i], i + 1) << "best first";
  EXPECT_GT(view["firstThumbWidth"].get<int>(), 0) << "the thumbnail decodes in the browser";

  // Lazy pictures (an 800x500 window): each card in view got its picture from the page's
  // script; cards far below the window got none yet; every card is in the DOM.
  EXPECT_GE(view["inView"].get<int>(), 4) << view.dump();
  EXPECT_EQ(view["inViewDecoded"], view["inView"]) << view.dump();
  EXPECT_GE(view["farBelow"].get<int>(), 1) << "the window is small enough to leave cards out of view: " << view.dump();
  EXPECT_EQ(view["farBelowWithSrc"], 0) << view.dump();
  EXPECT_LT(view["imgsWithSrc"].get<int>(), view["cardsInDom"].get<int>()) << view.dump();

  // The "4+" filter: exactly the photos with 4 or 5 stars stay (stars are fifths of the set).
  const auto& kept = view["starsShownAfterFilter"];
  const auto& hidden = view["starsHiddenAfterFilter"];
  EXPECT_GE(kept.size(), 2u) << view.dump();
  EXPECT_GE(hidden.size(), 2u) << view.dump();
  for (const auto& s : kept) EXPECT_GE(s.get<int>(), 4);
  for (const auto& s : hidden) EXPECT_LT(s.get<int>(), 4);
  EXPECT_EQ(view["cardsAfterReset"], kPhotos);

  ASSERT_GE(view["groups"].size(), 1u) << "the horses burst is a group: " << view.dump();
  for (const auto& group : view["groups"]) {
    EXPECT_GE(group["members"].get<int>(), 2) << group;
    EXPECT_TRUE(group["leftmostKept"].get<bool>()) << "the keeper comes first: " << group;
    EXPECT_EQ(group["kept"], 1) << group;
    if (group["top"].get<int>() < view["innerHeight"].get<int>()) {
      EXPECT_TRUE(group["leftmostDecoded"].get<bool>()) << "scrolled into view, the keeper's picture is there: " << group;
    }
  }
  EXPECT_TRUE(view["groups"][0]["leftmostDecoded"].get<bool>()) << "the first group is scrolled into view";
  EXPECT_EQ(view["cardsAfterScroll"], kPhotos) << "scrolling adds or drops no card";
  EXPECT_EQ(view["gridVisibleInGroupsOnly"], 0) << "groups only hides the ranking";
  EXPECT_TRUE(view["viewerOpen"].get<bool>()) << "a click on a thumbnail opens the larger view";
  EXPECT_GE(view["viewerRows"].get<int>(), 10) << "with the measures";
  EXPECT_EQ(view["viewerPicture"], "data:image/webp") << "and the picture";
}

}  // namespace
}  // namespace versus::testing

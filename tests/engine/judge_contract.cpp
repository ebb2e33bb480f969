// One contract, run over every judge the registry lists (after OpenCV quality's
// quality_test): for real photos (Kodak) against a blurred copy, and for synthetic
// scenes, each judge gives P in [0, 1] consistent with its log-odds, is antisymmetric
// (P(a, b) = 1 - P(b, a), margins change sign), reports its documented dimension set,
// gives a non-empty reason whose winner is the side its probability favours in both
// orders, and says the same for the same inputs. The lmm judge answers through the fake
// model server of tests/lmm (a stand-in that calls the sharper picture better, so the
// payload order is checked end to end); the learned judge through its module. A judge
// this build cannot run must say why instead.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "test_files.hpp"
#include "versus/engine.hpp"
#ifdef VERSUS_WITH_LMM
#include "lmm_test_support.hpp"
#endif

namespace versus::testing {
namespace {

using engine::Dimension;
using engine::Side;
using engine::Verdict;

// P and log-odds agree to this (the lmm judge clamps P to [1e-4, 1 - 1e-4] for log-odds).
constexpr double kLinkTolerance = 1e-6;
constexpr double kAntisymmetryTolerance = 1e-9;

// The dimensions each judge documents (engine/README.md): the measuring judges report
// the five technical ones then overall; the lmm judge overall only unless asked for more
// (--lmm-dimensions).
std::vector<Dimension> DocumentedDimensions(std::string_view judge) {
  if (judge == "lmm") return {Dimension::kOverall};
  std::vector<Dimension> dims = engine::TechnicalDimensions();
  // Faces are weighed by the measuring judges (face_weighing.hpp), always reported (0 without faces).
  dims.push_back(Dimension::kEyes);
  dims.push_back(Dimension::kFaceFocus);
  dims.push_back(Dimension::kOverall);
  return dims;
}

cv::Mat Blurred(const cv::Mat& image) {
  cv::Mat out;
  cv::GaussianBlur(image, out, {0, 0}, 2.5);
  return out;
}

#ifdef VERSUS_WITH_LMM
// Laplacian variance of one image a request carries.
double Sharpness(const nlohmann::json& part) {
  const std::string url = part["image_url"]["url"];
  const std::string bytes = Base64Decode(url.substr(url.find(',') + 1));
  const cv::Mat image = cv::imdecode(std::vector<uchar>(bytes.begin(), bytes.end()), cv::IMREAD_GRAYSCALE);
  cv::Mat laplacian;
  cv::Laplacian(image, laplacian, CV_64F);
  cv::Scalar mean, stddev;
  cv::meanStdDev(laplacian, mean, stddev);
  return stddev[0] * stddev[0];
}

// A model that calls the sharper of two images better, at 0.8, in its own words.
FakeResponse PrefersSharper(const FakeRequest& request, std::size_t /*call*/) {
  const auto content = nlohmann::json::parse(request.body)["messages"][0]["content"];
  const bool first = Sharpness(content[1]) >= Sharpness(content[3]);
  return {200, first ? ChatAnswer("first, second\nThe first image is sharper than the second image.",
                                  {{"first", 0.8}, {"second", 0.2}})
                     : ChatAnswer("second, first\nThe second image is sharper than the first image.",
                                  {{"second", 0.8}, {"first", 0.2}})};
}
#endif

class JudgeContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    config_.model_dir = fs::path(VERSUS_BINARY_DIR) / "share/versus/models";
#ifdef VERSUS_WITH_LMM
    server_ = std::make_unique<FakeModelServer>(PrefersSharper);
    config_.lmm.server = server_->base_url();
    config_.lmm.cache_dir = dir_ / "cache";
    config_.lmm.timeout_s = 30;
#endif
  }

  // Photos written to disk (the lmm judge reads files), profiled and prepared by `judge`.
  engine::ImageProfile Prepared(const engine::Comparator& judge, const cv::Mat& pixels, const std::string& name) {
    const fs::path path = dir_ / (name + ".png");
    cv::imwrite(path.string(), pixels);
    return engine::Profile(path, {}, &judge);
  }

  // Every clause of the contract for (a, b), with `better` the side that should win.
  void CheckPair(const engine::Comparator& judge, const engine::ImageProfile& a, const engine::ImageProfile& b,
                 std::optional<Side> better) {
    SCOPED_TRACE(a.path + " vs " + b.path);
    const Verdict ab = judge.Compare(a, b), ba = judge.Compare(b, a);
    for (const Verdict* v : {&ab, &ba}) {
      EXPECT_GE(v->p_a_better, 0.0);
      EXPECT_LE(v->p_a_better, 1.0);
      const double p = std::clamp(v->p_a_better, 1e-4, 1 - 1e-4);
      EXPECT_NEAR(std::log(p / (1 - p)), v->log_odds, kLinkTolerance);
      std::vector<Dimension> dims;
      for (const auto& d : v->dimensions) dims.push_back(d.dimension);
      EXPECT_EQ(dims, DocumentedDimensions(judge.name()));
      EXPECT_NEAR(v->dimensions.back().margin, v->log_odds, kLinkTolerance) << "overall margin = log-odds";
    }
    EXPECT_NEAR(ab.p_a_better + ba.p_a_better, 1.0, kAntisymmetryTolerance);
    for (std::size_t i = 0; i < ab.dimensions.size() && i < ba.dimensions.size(); ++i) {
      EXPECT_NEAR(ab.dimensions[i].margin, -ba.dimensions[i].margin, kAntisymmetryTolerance);
    }
    CheckReason(ab, "'a'", "'b'");
    CheckReason(ba, "'b'", "'a'");
    if (ab.reason.winner && ba.reason.winner) {
      EXPECT_EQ(*ba.reason.winner, engine::Other(*ab.reason.winner));
    }
    if (better) {
      EXPECT_EQ(ab.reason.winner, better);
      EXPECT_EQ(ba.reason.winner, engine::Other(*better));
    }
    const Verdict again = judge.Compare(a, b);
    EXPECT_EQ(again.p_a_better, ab.p_a_better);
    EXPECT_EQ(engine::ReasonText(again.reason), engine::ReasonText(ab.reason));
  }

  // The reason is a sentence; its winner is the side P favours and the text names it.
  static void CheckReason(const Verdict& v, const std::string& name_a, const std::string& name_b) {
    const std::string text = engine::ReasonText(v.reason, {name_a, name_b});
    EXPECT_FALSE(text.empty());
    if (!v.reason.winner) {
      EXPECT_LT(std::abs(v.log_odds), 0.1) << "too close to call only when it is: " << text;
      return;
    }
    EXPECT_EQ(*v.reason.winner, v.p_a_better >= 0.5 ? Side::kFirst : Side::kSecond) << text;
    const std::string& winner = *v.reason.winner == Side::kFirst ? name_a : name_b;
    EXPECT_NE(text.find(winner), std::string::npos) << text;
  }

  TempDir dir_;
  engine::ComparatorConfig config_;
#ifdef VERSUS_WITH_LMM
  std::unique_ptr<FakeModelServer> server_;
#endif
};

TEST_P(JudgeContract, HoldsOnRealAndSyntheticPairs) {
  const engine::JudgeInfo* info = engine::FindJudge(GetParam());
  ASSERT_NE(info, nullptr);
  if (const std::string why = info->unavailable(); !why.empty()) {
    // Compiled out or its module missing: building it fails and says why.
    try {
      engine::MakeComparator(GetParam(), config_);
      FAIL() << GetParam() << " was built although the registry says: " << why;
    } catch (const engine::Error& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
    return;
  }
  const auto judge = engine::MakeComparator(GetParam(), config_);
  ASSERT_EQ(judge->name(), GetParam());

  const cv::Mat photo = cv::imread(KodakPhoto(3).string());
  ASSERT_FALSE(photo.empty()) << KodakPhoto(3);
  const cv::Mat other = cv::imread(KodakPhoto(7).string());
  ASSERT_FALSE(other.empty()) << KodakPhoto(7);
  const cv::Mat scene = SyntheticScene(640, 480, 5);

  const auto sharp = Prepared(*judge, photo, "kodim03");
  const auto blurred = Prepared(*judge, Blurred(photo), "kodim03_blurred");
  const auto scene_sharp = Prepared(*judge, scene, "scene");
  const auto scene_blurred = Prepared(*judge, Blurred(scene), "scene_blurred");
  const auto different = Prepared(*judge, other, "kodim07");

  CheckPair(*judge, sharp, blurred, Side::kFirst);
  CheckPair(*judge, scene_blurred, scene_sharp, Side::kSecond);
  CheckPair(*judge, sharp, different, std::nullopt);  // two scenes: any verdict, but a lawful one
}

std::vector<std::string> RegisteredJudges() {
  std::vector<std::string> names;
  for (const engine::JudgeInfo& judge : engine::Judges()) names.emplace_back(judge.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(EveryRegisteredJudge, JudgeContract, ::testing::ValuesIn(RegisteredJudges()),
                         [](const auto& info) {  // test names are identifiers: learned-v1 -> learned_v1
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(JudgeRegistry, ListsEachJudgeOnceWithADescriptionAndKnowsNoOther) {
  std::vector<std::string> names = RegisteredJudges();
  EXPECT_EQ(names, (std::vector<std::string>{"features", "learned", "learned-v1", "lmm"}));
  for (const engine::JudgeInfo& judge : engine::Judges()) EXPECT_FALSE(judge.summary.empty()) << judge.name;
  EXPECT_NE(engine::FindJudge(engine::DefaultComparatorName()), nullptr);
  EXPECT_EQ(engine::FindJudge("nope"), nullptr);
  EXPECT_EQ(engine::UnknownJudgeMessage("nope"), "unknown judge 'nope' (available: features, learned, learned-v1, lmm)");
  EXPECT_THROW(engine::MakeComparator("nope"), engine::Error);
}

TEST(JudgeRegistry, LmmRangesAreTheOptionTablesAndCheckedOnce) {
  engine::LmmOptions options;
  options.server = "http://127.0.0.1:9/v1";
  EXPECT_EQ(engine::LmmOptionsProblem(options), "");
  options.retries = 11;
  EXPECT_EQ(engine::LmmOptionsProblem(options), "--lmm-retries must be from 0 to 10; got 11");
  options.retries = 2;
  options.timeout_s = 0;
  EXPECT_EQ(engine::LmmOptionsProblem(options), "--lmm-timeout must be more than 0 and at most 86400 (seconds); got 0");
  options.timeout_s = 10;
  options.backoff_s = -1;
  EXPECT_NE(engine::LmmOptionsProblem(options).find("backoff_s must be from 0 to 3600"), std::string::npos);
}

}  // namespace
}  // namespace versus::testing

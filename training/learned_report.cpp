#include "learned_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace versus::training {

std::string MeanSd(const std::vector<double>& v) {
  if (v.empty()) return "-";
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f +- %.3f", mean, std::sqrt(ss / double(std::max<std::size_t>(1, v.size() - 1))));
  return buf;
}

std::string Fixed(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", x);
  return buf;
}

double Ratio(std::size_t right, std::size_t total) { return total == 0 ? NAN : double(right) / double(total); }

std::vector<Split> Splits(const LearnedData& data, const std::vector<unsigned>& fold, unsigned folds) {
  std::vector<HumanSet> set_of(data.photos.size());
  for (const LearnedSample& s : data.samples) set_of[s.photo] = s.set;
  std::vector<Split> splits;
  for (unsigned f = 0; f < folds; ++f) {
    Split split{std::vector<bool>(fold.size()), std::vector<bool>(fold.size())};
    for (std::size_t p = 0; p < fold.size(); ++p) (fold[p] == f ? split.test : split.train)[p] = true;
    splits.push_back(std::move(split));
  }
  for (HumanSet tested : {HumanSet::kBiq, HumanSet::kClive}) {
    Split split{std::vector<bool>(fold.size()), std::vector<bool>(fold.size())};
    for (std::size_t p = 0; p < fold.size(); ++p) (set_of[p] == tested ? split.test : split.train)[p] = true;
    splits.push_back(std::move(split));
  }
  return splits;
}

Report Summarise(const std::vector<SplitResult>& r, unsigned folds) {
  Report out;
  for (unsigned f = 0; f < folds; ++f) {
    out.clive.push_back(r[f].clive);
    out.biq.push_back(r[f].biq);
    out.seen.push_back(Ratio(r[f].ladders.seen_right, r[f].ladders.seen_total));
    out.held.push_back(Ratio(r[f].ladders.held_right, r[f].ladders.held_total));
    for (std::size_t k = 0; k < LadderKinds().size(); ++k) {
      out.pooled.kind_right[k] += r[f].ladders.kind_right[k];
      out.pooled.kind_total[k] += r[f].ladders.kind_total[k];
    }
  }
  if (std::isnan(out.biq.front())) out.biq.clear();  // a run without BIQ2021
  out.clive_to_biq = r[folds].biq;
  out.biq_to_clive = r[folds + 1].clive;
  return out;
}

void PrintPerKind(const std::string& name, const LadderScore& pooled) {
  std::printf("  %s, ladder pairs ordered right per kind (all test folds pooled):", name.c_str());
  for (std::size_t k = 0; k < LadderKinds().size(); ++k) {
    std::printf("%s %s%s %.3f", k % 3 == 0 ? "\n   " : ",", LadderKinds()[k].name.c_str(),
                LadderKinds()[k].held_out ? " (held out)" : "", Ratio(pooled.kind_right[k], pooled.kind_total[k]));
  }
  std::printf("\n");
}

}  // namespace versus::training

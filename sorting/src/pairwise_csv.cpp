// CSV of pairwise outcomes with string ids (see pairwise_csv.hpp).
#include "versus/sorting/pairwise_csv.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "versus/sorting/error.hpp"

namespace versus::sorting {
namespace {

std::string Trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Strict: the whole field must be a number (strtod accepts "nan", "inf": checked later).
bool ParseDouble(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

bool SkippableLine(const std::string& line) {
  const std::string t = Trim(line);
  return t.empty() || t[0] == '#';
}

std::string Where(const std::string& source, std::size_t line) {
  return source + ":" + std::to_string(line) + ": ";
}

}  // namespace

std::vector<std::string> SplitCsvLine(const std::string& line_in) {
  std::string line = line_in;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> fields;
  std::string cur;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = was_quoted = true;
      if (Trim(cur).empty()) cur.clear();
    } else if (c == ',') {
      fields.push_back(was_quoted ? cur : Trim(cur));
      cur.clear();
      was_quoted = false;
    } else {
      if (!(was_quoted && std::isspace(static_cast<unsigned char>(c)))) cur += c;
    }
  }
  fields.push_back(was_quoted ? cur : Trim(cur));
  return fields;
}

LabeledComparisons ReadPairwiseCsv(std::istream& in, const std::string& source,
                                   const CsvReadOptions& options) {
  LabeledComparisons out;
  std::unordered_map<std::string, std::uint32_t> index;
  auto id_of = [&](const std::string& id) {
    auto [it, added] = index.emplace(id, static_cast<std::uint32_t>(out.ids.size()));
    if (added) out.ids.push_back(id);
    return it->second;
  };
  int col_a = 0, col_b = 1, col_outcome = 2, col_weight = -1;
  bool first = true, positional_weight = true;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (SkippableLine(line)) continue;
    const std::vector<std::string> f = SplitCsvLine(line);
    if (first) {
      first = false;
      double x;
      // A header: the outcome column (third field) is not a number.
      if (f.size() >= 3 && !ParseDouble(f[2], &x)) {
        col_a = col_b = col_outcome = -1;
        positional_weight = false;
        for (int k = 0; k < static_cast<int>(f.size()); ++k) {
          const std::string name = Lower(f[k]);
          if (name == "a") col_a = k;
          else if (name == "b") col_b = k;
          else if (name == "outcome") col_outcome = k;
          else if (name == "weight") col_weight = k;
        }
        if (col_a < 0 || col_b < 0 || col_outcome < 0)
          throw Error(Where(source, line_no) +
                      "header must name the columns a, b and outcome (and optionally "
                      "weight); got '" + Trim(line) + "'");
        continue;
      }
    }
    try {
      if (positional_weight) col_weight = f.size() == 4 ? 3 : -1;
      const int need = std::max({col_a, col_b, col_outcome, col_weight}) + 1;
      if (static_cast<int>(f.size()) < need || (positional_weight && f.size() > 4))
        throw Error("expected a,b,outcome[,weight] but found " + std::to_string(f.size()) +
                    " field(s)");
      const std::string& a = f[col_a];
      const std::string& b = f[col_b];
      if (a.empty() || b.empty()) throw Error("empty id");
      if (a == b) throw Error("item '" + a + "' is compared with itself; a comparison needs two different items");
      double outcome;
      if (!ParseDouble(f[col_outcome], &outcome))
        throw Error("outcome '" + f[col_outcome] + "' is not a number");
      if (!std::isfinite(outcome) || outcome < 0 || outcome > 1)
        throw Error("outcome '" + f[col_outcome] +
                    "' is not a probability in [0,1] (1 = a won, 0 = b won, 0.5 = tie)");
      double weight = 1.0;
      if (col_weight >= 0) {
        if (!ParseDouble(f[col_weight], &weight))
          throw Error("weight '" + f[col_weight] + "' is not a number");
        if (!std::isfinite(weight) || weight < 0)
          throw Error("weight '" + f[col_weight] + "' must be finite and >= 0");
      }
      out.data.comparisons.push_back({id_of(a), id_of(b), outcome, weight});
    } catch (const Error& e) {
      const std::string msg = Where(source, line_no) + e.what();
      if (!options.skip_bad_rows) throw Error(msg);
      out.row_errors.push_back(msg);
    }
  }
  out.data.item_count = out.ids.size();
  return out;
}

std::vector<Anchor> ReadAnchorsCsv(std::istream& in, const std::string& source,
                                   std::vector<std::string>* ids) {
  std::unordered_map<std::string, std::uint32_t> index;
  for (std::size_t i = 0; i < ids->size(); ++i)
    index.emplace((*ids)[i], static_cast<std::uint32_t>(i));
  std::unordered_set<std::string> seen;
  std::vector<Anchor> anchors;
  std::string line;
  std::size_t line_no = 0;
  bool first = true;
  while (std::getline(in, line)) {
    ++line_no;
    if (SkippableLine(line)) continue;
    const std::vector<std::string> f = SplitCsvLine(line);
    double score;
    if (first) {
      first = false;
      if (f.size() == 2 && Lower(f[0]) == "id" && Lower(f[1]) == "score") continue;
    }
    if (f.size() != 2)
      throw Error(Where(source, line_no) + "expected id,score but found " +
                  std::to_string(f.size()) + " field(s)");
    if (f[0].empty()) throw Error(Where(source, line_no) + "empty id");
    if (!ParseDouble(f[1], &score) || !std::isfinite(score))
      throw Error(Where(source, line_no) + "score '" + f[1] + "' is not a finite number");
    if (!seen.insert(f[0]).second)
      throw Error(Where(source, line_no) + "duplicate anchor id '" + f[0] +
                  "'; give each anchor exactly one score");
    auto [it, added] = index.emplace(f[0], static_cast<std::uint32_t>(ids->size()));
    if (added) ids->push_back(f[0]);
    anchors.push_back({it->second, score});
  }
  return anchors;
}

}  // namespace versus::sorting
